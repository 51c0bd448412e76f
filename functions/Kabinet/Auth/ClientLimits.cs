using Microsoft.Extensions.Options;

namespace Kabinet.Auth;

/// <summary>Limits per client address (section <c>Auth</c>).</summary>
public sealed class ClientLimitOptions
{
    /// <summary>Codes and notices one address may have sent an hour (sign-up, reset, resend, contact change, second factor); 0: no limit per address.</summary>
    public int ClientSendsPerHour { get; set; } = 30;
    /// <summary>Distinct logins that may fail to sign in from one address within 15 minutes before it is paced.</summary>
    public int ClientFailedLogins { get; set; } = 30;
    /// <summary>Once paced: one sign-in for a login new to the address per this many seconds.</summary>
    public int ClientSignInPaceSeconds { get; set; } = 10;
}

/// <summary>What a sign-in attempt holds while its password is checked.</summary>
public sealed record SignInPass(ThrottleTicket Login, ThrottleTicket? Fresh, ThrottleTicket? Pace, string Address, string Tag);

/// <summary>
/// The sign-in limits, counted before the password is checked. Per login: 5 attempts in 15 minutes, then
/// locked for 15 minutes; a success forgives the failures before it. Per address, so one client cannot lock
/// out others behind the same address (a carrier's NAT): only distinct logins that failed from there count;
/// past <see cref="ClientLimitOptions.ClientFailedLogins"/> of them, a login that has neither failed nor
/// signed in from there in the last day gets one turn per <see cref="ClientLimitOptions.ClientSignInPaceSeconds"/>
/// for the whole address (429 with a short Retry-After otherwise), while logins that signed in from there
/// before go on as usual.
/// </summary>
public sealed class SignInLimits(Throttle throttle, AuthTables tables, TimeProvider clock, IOptions<ClientLimitOptions> options)
{
    private static string FailedKey(string address) => "signin-failed:" + address;
    private static string PaceKey(string address) => "signin-pace:" + address;
    private static string KnownKey(string address) => "signin-known:" + address;
    public static readonly TimeSpan KnownFor = TimeSpan.FromDays(1);

    /// <summary>A pass, or the code and wait of the refusal.</summary>
    public async Task<(SignInPass? Pass, string? Refusal, TimeSpan RetryAfter)> AdmitAsync(string address, string lockKey, CancellationToken ct)
    {
        var o = options.Value;
        var tag = Secrets.KeyedHash([], lockKey)[..22];
        ThrottleTicket? fresh = null, pace = null;
        if (!await FailedHereAsync(address, tag, ct) && !await KnownHereAsync(address, tag, ct))
        {
            var failed = await throttle.TakeAsync(FailedKey(address), o.ClientFailedLogins, AuthLimits.LoginWindow, ct, tag: tag);
            if (failed.Allowed) fresh = failed.Ticket;
            else
            {
                var paced = await throttle.TakeAsync(PaceKey(address), 1, TimeSpan.FromSeconds(o.ClientSignInPaceSeconds), ct);
                if (!paced.Allowed) return (null, "auth.too_many_attempts", paced.RetryAfter);
                pace = paced.Ticket;
            }
        }
        var login = await throttle.TakeAsync(lockKey, AuthLimits.LoginFailures, AuthLimits.LoginWindow, ct, AuthLimits.Lockout);
        if (!login.Allowed)
        {
            await throttle.ReturnAsync(fresh, ct);
            await throttle.ReturnAsync(pace, ct);
            return (null, "auth.login_locked", login.RetryAfter);
        }
        return (new SignInPass(login.Ticket!, fresh, pace, address, tag), null, TimeSpan.Zero);
    }

    /// <summary>The right password: its failures before are forgiven, and the address knows the login now.</summary>
    public async Task SucceededAsync(SignInPass pass, CancellationToken ct)
    {
        await throttle.ForgiveAsync(pass.Login, ct);
        await throttle.ReturnAsync(pass.Fresh, ct);
        await throttle.ReturnAsync(pass.Pace, ct);
        await tables.Throttle.UpsertEntityAsync(new ThrottleSlotEntity
        {
            PartitionKey = Platform.Storage.TableKeys.Escape(KnownKey(pass.Address)), RowKey = "known|" + pass.Tag, TakenAt = clock.GetUtcNow(),
        }, Azure.Data.Tables.TableUpdateMode.Replace, ct);
    }

    /// <summary>The password was not checked (the server was busy): nothing counts.</summary>
    public async Task AbandonedAsync(SignInPass pass, CancellationToken ct)
    {
        await throttle.ReturnAsync(pass.Login, ct);
        await throttle.ReturnAsync(pass.Fresh, ct);
        await throttle.ReturnAsync(pass.Pace, ct);
    }

    private async Task<bool> FailedHereAsync(string address, string tag, CancellationToken ct)
    {
        var since = clock.GetUtcNow() - AuthLimits.LoginWindow;
        return (await throttle.SlotsAsync(Platform.Storage.TableKeys.Escape(FailedKey(address)), ct)).Any(s => s.Tag == tag && s.TakenAt > since);
    }

    private async Task<bool> KnownHereAsync(string address, string tag, CancellationToken ct)
    {
        var found = await tables.Throttle.GetEntityIfExistsAsync<ThrottleSlotEntity>(Platform.Storage.TableKeys.Escape(KnownKey(address)), "known|" + tag, cancellationToken: ct);
        return found.HasValue && found.Value!.TakenAt > clock.GetUtcNow() - KnownFor;
    }
}

public static class ClientLimitsSetup
{
    /// <summary>The limits per client address, the sign-in limits and the password-hash gate.</summary>
    public static IServiceCollection AddAuthLimits(this IServiceCollection services)
    {
        services.AddOptions<ClientLimitOptions>().BindConfiguration(AuthOptions.Section);
        services.AddOptions<PasswordHashingOptions>().BindConfiguration(AuthOptions.Section);
        services.AddHttpContextAccessor();
        return services.AddSingleton<SignInLimits>().AddSingleton<PasswordHashing>();
    }
}
