using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Notifications;

/// <summary>Users' notices, operators' broadcasts (with their chunks) and the development messenger's store.</summary>
public sealed class NotificationTables(Tables tables)
{
    public static class Names
    {
        public const string Notices = "notices";
        public const string Broadcasts = "broadcasts";
        public const string DevMessenger = "devmessenger";

        public static readonly string[] All = [Notices, Broadcasts, DevMessenger];
    }

    /// <summary>PK = user id, RK = notice id.</summary>
    public TableClient Notices => tables.Get(Names.Notices);
    /// <summary>PK = "broadcast", RK = broadcast id; and PK = broadcast id, RK = "chunk|00001" for its chunks.</summary>
    public TableClient Broadcasts => tables.Get(Names.Broadcasts);
    public TableClient DevMessenger => tables.Get(Names.DevMessenger);
}
