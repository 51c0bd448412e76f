using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kabinet.Platform.Paging;

/// <summary>Lists limit and cursor in the API document for endpoints taking a <see cref="PageRequest"/> (its own binding hides them).</summary>
public static class PagingDocs
{
    public static IServiceCollection AddPagingDocs(this IServiceCollection services) =>
        services.Configure<OpenApiOptions>("v1", o => o.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<PagedMetadata>().Any())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "limit", In = ParameterLocation.Query,
                    Description = $"Page size, {1}–{PageRequest.MaxLimit} (default {PageRequest.DefaultLimit}); anything else is 422 list.limit_invalid.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = PageRequest.MaxLimit.ToString() },
                });
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "cursor", In = ParameterLocation.Query,
                    Description = "Opaque: the nextCursor of the previous page, as it came; anything else is 422 list.cursor_invalid.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
            return Task.CompletedTask;
        }));
}
