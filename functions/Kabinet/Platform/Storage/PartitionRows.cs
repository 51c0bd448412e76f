using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Azure.Data.Tables;

namespace Kabinet.Platform.Storage;

/// <summary>
/// Typed rows out of one query that reads several kinds of row of a partition (the SDK maps a query to one type): each
/// settable property of <typeparamref name="T"/> from the column of its name, as the SDK's own mapping would.
/// </summary>
public static class PartitionRows
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Columns = new();
    private static readonly HashSet<string> Keys = [nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey), nameof(ITableEntity.Timestamp), nameof(ITableEntity.ETag)];

    public static T As<T>(TableEntity row) where T : class, ITableEntity, new()
    {
        var typed = new T { PartitionKey = row.PartitionKey, RowKey = row.RowKey, Timestamp = row.Timestamp, ETag = row.ETag };
        foreach (var property in Columns.GetOrAdd(typeof(T), t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.CanWrite && p.GetSetMethod() is not null && !Keys.Contains(p.Name)).ToArray()))
        {
            if (row.TryGetValue(property.Name, out var value) && value is not null && Convert(value, property.PropertyType) is { } converted)
                property.SetValue(typed, converted);
        }
        return typed;
    }

    private static object? Convert(object value, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsInstanceOfType(value)) return value;
        try
        {
            return value switch
            {
                string s when target.IsEnum => Enum.Parse(target, s),
                DateTime d when target == typeof(DateTimeOffset) => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
                BinaryData b when target == typeof(byte[]) => b.ToArray(),
                IConvertible when target.IsPrimitive || target == typeof(string) || target == typeof(decimal) =>
                    System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture),
                _ => null,
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            return null;
        }
    }
}
