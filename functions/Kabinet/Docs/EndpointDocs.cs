namespace Kabinet.Docs;

/// <summary>Problem statuses an endpoint answers beyond those <see cref="StandardResponses"/> adds on its own.</summary>
public sealed record ProblemStatusesMetadata(IReadOnlyList<int> Statuses);

/// <summary>Statuses <see cref="StandardResponses"/> would add by its rules that the endpoint never answers.</summary>
public sealed record OmittedProblemsMetadata(IReadOnlyList<int> Statuses);

/// <summary>The endpoint sends the resource's <c>ETag</c>; with <see cref="IfMatch"/> it also honours <c>If-Match</c> (412 when stale).</summary>
public sealed record ETagMetadata(bool IfMatch);

/// <summary>What an endpoint's mapping line says about it for the API document (see docs/design.md, "API document").</summary>
public static class EndpointDocs
{
    /// <summary>Problem answers with these statuses (ProblemDetails with <c>code</c>); a 429 also documents <c>Retry-After</c>.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemStatusesMetadata(statuses));

    /// <summary>Leaves out a status the rules would add (e.g. an id in the path whose absence is a 422, not a 404).</summary>
    public static TBuilder WithoutProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new OmittedProblemsMetadata(statuses));

    /// <summary>The answer carries the resource's <c>ETag</c>; <paramref name="ifMatch"/>: a stale <c>If-Match</c> is 412.</summary>
    public static TBuilder WithETag<TBuilder>(this TBuilder builder, bool ifMatch = false) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ETagMetadata(ifMatch));
}
