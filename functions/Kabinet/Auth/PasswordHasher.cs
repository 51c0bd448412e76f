using Kabinet.Platform.Errors;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Kabinet.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA256 with 600,000 iterations (Auth:PasswordIterations; fewer only in Development) and a 16-byte salt: OWASP's current recommendation
/// for PBKDF2 (Password Storage Cheat Sheet), and the KDF in .NET itself (OpenSSL underneath).
/// The stored form names its parameters, so they can be raised later and old hashes still verify
/// (<see cref="Verify"/> reads the iterations from the hash, not from the setting).
/// </summary>
public static class PasswordHasher
{
    public const int Iterations = 600_000;
    private const int SaltBytes = 16, HashBytes = 32;

    public static string Hash(string password, int iterations = Iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return $"pbkdf2-sha256${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], out var iterations)) return false;
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A hash no password matches, with <paramref name="iterations"/> like the real ones it stands in for.</summary>
    public static string NewDecoy(int iterations) => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), iterations);
}

/// <summary>
/// How many password hashes may run at once (0: one per processor) and how long a request waits for a
/// turn before it is answered 503 <c>service.busy</c>: a flood of sign-ups or sign-ins queues here instead
/// of taking every core, so the rest of the API (health, signed-in users) keeps answering.
/// </summary>
public sealed class PasswordHashingOptions
{
    public int PasswordHashConcurrency { get; set; }
    public int PasswordHashWaitMilliseconds { get; set; } = 3000;
}

/// <summary>Too much work of one kind is running: try again after <see cref="RetryAfter"/> (503 service.busy).</summary>
public sealed class ServiceBusyException : ProblemException
{
    public ServiceBusyException(TimeSpan retryAfter)
        : base(StatusCodes.Status503ServiceUnavailable, "service.busy",
            new Dictionary<string, object?> { ["retryAfterSeconds"] = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) }) =>
        RetryAfter = retryAfter;
}

/// <summary>
/// The hash with the configured iterations (Auth:PasswordIterations) behind a gate of a few concurrent
/// runs (see <see cref="PasswordHashingOptions"/>).
/// </summary>
public sealed class PasswordHashing
{
    private readonly SemaphoreSlim _gate;
    private readonly TimeSpan _wait;
    private readonly Lazy<string> _decoy;

    public PasswordHashing(IOptions<PasswordHashingOptions> options, IOptions<AuthOptions> auth)
    {
        Iterations = auth.Value.PasswordIterations;
        _decoy = new(() => PasswordHasher.NewDecoy(Iterations));
        var o = options.Value;
        Capacity = o.PasswordHashConcurrency > 0 ? o.PasswordHashConcurrency : Environment.ProcessorCount;
        _gate = new SemaphoreSlim(Capacity, Capacity);
        _wait = TimeSpan.FromMilliseconds(Math.Max(0, o.PasswordHashWaitMilliseconds));
    }

    public int Capacity { get; }

    public int Iterations { get; }

    /// <summary>
    /// A hash no password matches, verified for unknown logins: made with the configured iterations,
    /// so verifying it costs what verifying a real user's hash costs.
    /// </summary>
    public string Decoy => _decoy.Value;

    public Task<string> HashAsync(string password, CancellationToken ct) => RunAsync(() => PasswordHasher.Hash(password, Iterations), ct);

    public Task<bool> VerifyAsync(string password, string stored, CancellationToken ct) => RunAsync(() => PasswordHasher.Verify(password, stored), ct);

    /// <summary>Runs <paramref name="work"/> when a turn is free within the wait; otherwise throws <see cref="ServiceBusyException"/>.</summary>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken ct)
    {
        if (!await _gate.WaitAsync(_wait, ct)) throw new ServiceBusyException(TimeSpan.FromSeconds(2));
        try
        {
            // On a thread of its own: a few hundred milliseconds of CPU on thread-pool threads would starve
            // every other request's continuations (and the gate's own timeouts) until the pool grows.
            return await Task.Factory.StartNew(work, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        finally { _gate.Release(); }
    }
}
