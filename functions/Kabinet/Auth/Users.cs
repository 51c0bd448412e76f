using Azure;
using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Auth;

/// <summary>Finding users by login, and claiming or freeing a login (one insert into the logins key table).</summary>
public sealed class Users(AuthTables tables)
{
    public async Task<UserEntity?> FindAsync(string userId, CancellationToken ct)
    {
        if (!TableKeys.IsId(userId)) return null;
        var found = await tables.Users.GetEntityIfExistsAsync<UserEntity>(userId, UserEntity.Row, cancellationToken: ct);
        return found.HasValue && found.Value!.DeletedAt is null ? found.Value : null;
    }

    public async Task<UserEntity?> FindByLoginAsync(LoginId login, CancellationToken ct)
    {
        var found = await tables.Logins.GetEntityIfExistsAsync<LoginEntity>(login.Key, "", cancellationToken: ct);
        return found.HasValue ? await FindAsync(found.Value!.UserId, ct) : null;
    }

    /// <summary>False when another user has it.</summary>
    public async Task<bool> ClaimLoginAsync(LoginId login, string userId, CancellationToken ct)
    {
        try
        {
            await tables.Logins.AddEntityAsync(new LoginEntity { PartitionKey = login.Key, UserId = userId }, ct);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var owner = await tables.Logins.GetEntityIfExistsAsync<LoginEntity>(login.Key, "", cancellationToken: ct);
            return owner.HasValue && owner.Value!.UserId == userId;
        }
    }

    public async Task ReleaseLoginAsync(LoginId login, string userId, CancellationToken ct)
    {
        var found = await tables.Logins.GetEntityIfExistsAsync<LoginEntity>(login.Key, "", cancellationToken: ct);
        if (found.HasValue && found.Value!.UserId == userId)
            await tables.Logins.DeleteEntityAsync(login.Key, "", found.Value.ETag, ct);
    }

    /// <summary>
    /// Read, change, write with the ETag; on a lost race read again and reapply. With
    /// <paramref name="ifMatch"/> (a client's If-Match) there is no retry: a user changed since
    /// then throws <see cref="ChangedMeanwhileException"/>.
    /// </summary>
    public async Task<UserEntity?> UpdateAsync(string userId, Func<UserEntity, bool> change, CancellationToken ct, ETag? ifMatch = null)
    {
        var updated = await TableUpdates.UpdateWithRetryAsync(c => FindAsync(userId, c), user =>
        {
            // After a lost race the fresh ETag differs from the client's: no retry then.
            if (ifMatch is { } expected && user.ETag != expected) throw new ChangedMeanwhileException();
            return change(user);
        }, (user, c) => tables.Users.WriteAsync(user, TableUpdateMode.Replace, c), ct);
        return updated.Entity;
    }
}

/// <summary>The entity changed after the version the client based its change on.</summary>
public sealed class ChangedMeanwhileException() : Exception("changed meanwhile");
