using Azure.Data.Tables;
using Kabinet.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Kabinet.Auth;

/// <summary>
/// Devices that skip the second factor. The marker is a random token the server issues once and keeps
/// only as a keyed hash (like refresh tokens): a device id is chosen by the client and proves nothing.
/// </summary>
public sealed class TrustedDevices(AuthTables tables, TimeProvider clock, IOptions<AuthOptions> options)
{
    public const int MaxTokenLength = 200;

    /// <summary>Trusts the device and returns its token: the client shows it at the next sign-in.</summary>
    public async Task<string> TrustAsync(string userId, string? deviceId, string? deviceName, CancellationToken ct)
    {
        var token = Secrets.NewToken();
        await tables.TrustedDevices.AddEntityAsync(new TrustedDeviceEntity
        {
            PartitionKey = userId, RowKey = Hash(token), DeviceId = deviceId, DeviceName = deviceName, TrustedAt = clock.GetUtcNow(),
        }, ct);
        return token;
    }

    public async Task<bool> IsTrustedAsync(string userId, string? deviceToken, CancellationToken ct) =>
        deviceToken is { Length: > 0 and <= MaxTokenLength } && TableKeys.IsId(userId)
        && (await tables.TrustedDevices.GetEntityIfExistsAsync<TrustedDeviceEntity>(userId, Hash(deviceToken), select: ["RowKey"], cancellationToken: ct)).HasValue;

    /// <summary>Forgets every trusted device of the user (a new password, a reset, a deleted account).</summary>
    public Task<int> ForgetAllAsync(string userId, CancellationToken ct) =>
        tables.TrustedDevices.DeleteWhereAsync(TableClient.CreateQueryFilter($"PartitionKey eq {userId}"), ct);

    private string Hash(string token) => Secrets.KeyedHash(options.Value.KeyBytes, "device:" + token);
}
