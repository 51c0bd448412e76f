using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Kabinet.Tests.Infrastructure;

/// <summary>
/// One in-process Kabinet for a test class (or a test): its settings, optionally a <see cref="TestClock"/>, and a client.
/// Nothing starts until first used, so a class holds one in a static field and disposes it in its [ClassCleanup]:
/// <code>
/// private static readonly TestApp App = new();
/// [ClassCleanup] public static void Stop() => App.Dispose();
/// </code>
/// Classes run in parallel (ClassLevel): each has its own app; they share the run's storage (and the shared host's queues).
/// </summary>
public class TestApp : IDisposable
{
    private readonly Lazy<HttpClient> _client;
    private readonly Lazy<string> _address = new(NewAddress);

    /// <param name="ownAddress">The <see cref="Client"/> comes from an address of its own (X-Forwarded-For, <see cref="Address"/>).</param>
    public TestApp(IDictionary<string, string?>? settings = null, TestClock? clock = null, string environment = "Development", bool ownAddress = false)
    {
        Clock = clock;
        Root = new KabinetFactory(settings, environment);
        Factory = clock is null ? Root : Root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        _client = new(() => ownAddress ? NewClient(Address) : Factory.CreateClient());
    }

    public TestClock? Clock { get; }

    /// <summary>The app on the real clock (users minted here; the same as <see cref="Factory"/> without a clock).</summary>
    public KabinetFactory Root { get; }

    /// <summary>The app the tests call: on <see cref="Clock"/> when there is one.</summary>
    public WebApplicationFactory<Kabinet.Platform.Hosting.KabinetEntryPoint> Factory { get; }

    public IServiceProvider Services => Factory.Services;

    /// <summary>A client of <see cref="Factory"/>, made on first use and disposed with the app.</summary>
    public HttpClient Client => _client.Value;

    /// <summary>The client address of <see cref="Client"/> when it has one of its own.</summary>
    public string Address => _address.Value;

    /// <summary>A new client from <paramref name="address"/> (default: an address no other test uses).</summary>
    public HttpClient NewClient(string? address = null)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address ?? NewAddress());
        return client;
    }

    /// <summary>A signed-in user made by the app's own services (see <see cref="TestUsers.MintAsync(IServiceProvider, bool, string, HttpClient?)"/>).</summary>
    public Task<TestUser> MintAsync(bool byEmail = false, string password = TestUsers.Password, HttpClient? like = null) =>
        TestUsers.MintAsync(Root, byEmail, password, like);

    /// <summary>A client address no other test uses (a random unique-local IPv6 address).</summary>
    public static string NewAddress()
    {
        var g = Guid.NewGuid().ToString("N");
        return $"fd00:{g[..4]}:{g[4..8]}:{g[8..12]}::{g[12..16]}";
    }

    public void Dispose()
    {
        if (_client.IsValueCreated) _client.Value.Dispose();
        if (!ReferenceEquals(Factory, Root)) Factory.Dispose();
        Root.Dispose();
        GC.SuppressFinalize(this);
    }
}
