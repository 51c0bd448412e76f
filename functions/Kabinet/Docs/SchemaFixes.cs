using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kabinet.Docs;

/// <summary>
/// Each schema as the wire has it. Numbers are plain numbers: the JSON options accept numeric strings on input
/// (AllowReadingFromString, kept at run time) but the server always writes numbers, and a client should too.
/// Strings are strings: the text-checking converter hides their type from the generator. Closed sets are enums.
/// </summary>
public static class SchemaFixes
{
    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        var property = context.JsonPropertyInfo;
        if (context.JsonTypeInfo.Type == typeof(string) && schema.Type is null)
            schema.Type = property is not null && IsNullable(property.AttributeProvider) ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        // Left out when null: a client sees it absent, never null.
        if (property?.AttributeProvider?.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), true)
                .OfType<System.Text.Json.Serialization.JsonIgnoreAttribute>().Any(i => i.Condition == System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull) == true
            && schema.Type is { } shown && shown != JsonSchemaType.Null)
            schema.Type = shown & ~JsonSchemaType.Null;
        // The items of a list of strings come out empty, for the same reason.
        if (context.JsonTypeInfo.ElementType == typeof(string) && schema.Type?.HasFlag(JsonSchemaType.Array) == true
            && schema.Items is null or OpenApiSchema { Type: null, Enum: null, OneOf: null })
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
        if (property is not null && ClosedSets.Of(property.DeclaringType, property.Name) is { } values)
        {
            var target = schema.Type?.HasFlag(JsonSchemaType.Array) == true ? schema.Items as OpenApiSchema : schema;
            if (target is not null)
            {
                target.Type ??= JsonSchemaType.String;
                target.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
            }
        }
        return Task.CompletedTask;
    }


    // A context per question: NullabilityInfoContext is not thread-safe, and two documents may be built at once.
    private static bool IsNullable(ICustomAttributeProvider? member) => new NullabilityInfoContext() is var nullability && member switch
    {
        PropertyInfo p => nullability.Create(p).ReadState == NullabilityState.Nullable,
        FieldInfo f => nullability.Create(f).ReadState == NullabilityState.Nullable,
        ParameterInfo p => nullability.Create(p).ReadState == NullabilityState.Nullable,
        _ => false,
    };
}
