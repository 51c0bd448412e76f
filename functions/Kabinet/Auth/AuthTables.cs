using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Auth;

/// <summary>The tables of sign-up, sign-in and the profile, by name over <see cref="Tables"/>.</summary>
public sealed class AuthTables(Tables tables)
{
    public static class Names
    {
        public const string Users = "users";
        public const string Logins = "logins";
        public const string Challenges = "challenges";
        public const string Sessions = "sessions";
        public const string RefreshTokens = "refreshtokens";
        public const string Throttle = "throttle";
        public const string TrustedDevices = "trusteddevices";
        public const string Audit = "audit";
        /// <summary>Development only: declared there (see AuthSetup), never anywhere else.</summary>
        public const string DevSms = "devsms";

        /// <summary>Created at start-up everywhere; <see cref="DevSms"/> only in Development.</summary>
        public static readonly string[] All = [Users, Logins, Challenges, Sessions, RefreshTokens, Throttle, TrustedDevices, Audit];
    }

    public TableClient Users => tables.Get(Names.Users);
    public TableClient Logins => tables.Get(Names.Logins);
    public TableClient Challenges => tables.Get(Names.Challenges);
    public TableClient Sessions => tables.Get(Names.Sessions);
    public TableClient RefreshTokens => tables.Get(Names.RefreshTokens);
    public TableClient Throttle => tables.Get(Names.Throttle);
    public TableClient TrustedDevices => tables.Get(Names.TrustedDevices);
    public TableClient Audit => tables.Get(Names.Audit);
    public TableClient DevSms => tables.Get(Names.DevSms);
}
