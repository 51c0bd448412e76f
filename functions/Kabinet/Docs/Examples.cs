using Microsoft.OpenApi;

namespace Kabinet.Docs;

/// <summary>Examples for the main flows: register, sign in, link an account, submit a reading.</summary>
public static class Examples
{
    public static void Apply(OpenApiDocument document) { }
}
