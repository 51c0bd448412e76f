using Azure.Data.Tables;
using Kabinet.Platform.Storage;

namespace Kabinet.Operators;

/// <summary>The imports table: PK = import id; the import, its chunks and its row errors.</summary>
public sealed class ImportTables(Tables tables)
{
    public const string Name = "imports";

    public TableClient Imports => tables.Get(Name);
}
