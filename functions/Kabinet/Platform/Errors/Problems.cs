using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Kabinet.Platform.Errors;

/// <summary>One bad field of a request: where, which rule, and the text for people.</summary>
public sealed record FieldError(string Field, string Code, string Detail, IDictionary<string, object?>? Data = null);

/// <summary>RFC 9457 ProblemDetails with a stable machine <c>code</c> and localized <c>detail</c>.</summary>
public static class Problems
{
    public static ProblemDetails Build(HttpContext http, int status, string code, IDictionary<string, object?>? extensions = null)
    {
        var english = ErrorMessages.PrefersEnglish(http);
        // The texts follow Accept-Language: a cache must keep the languages apart.
        if (!http.Response.HasStarted) http.Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.Vary, "Accept-Language");
        var problem = new ProblemDetails
        {
            Status = status,
            Title = ProblemTitles.For(status, english),
            Type = "https://kabinet.example/problems/" + code,
            Detail = ErrorMessages.Of(http).Get(code, english),
            Instance = http.Request.Path,
        };
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        if (extensions is not null)
            foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        return problem;
    }

    public static IResult Create(HttpContext http, int status, string code, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(Build(http, status, code, extensions));

    /// <summary>One bad field, with its code's text in the language the request prefers.</summary>
    public static FieldError Field(HttpContext http, string field, string code, IDictionary<string, object?>? data = null) =>
        new(field, code, ErrorMessages.Text(http, code), data);

    /// <summary>422 <c>request.validation_failed</c> naming one bad field.</summary>
    public static IResult Invalid(HttpContext http, string field, string code, IDictionary<string, object?>? data = null) =>
        Validation(http, [Field(http, field, code, data)]);

    /// <summary>At most this many field errors are listed in one answer; the rest are only counted.</summary>
    public const int MaxListedErrors = 50;

    /// <summary>
    /// 422 listing every bad field at once, up to <see cref="MaxListedErrors"/>: <c>errorsTotal</c> counts them all and
    /// <c>errorsOmitted</c> says how many were left out, so a body of 150,000 bad keys cannot make a response of megabytes.
    /// </summary>
    public static IResult Validation(HttpContext http, IReadOnlyList<FieldError> errors, string code = "request.validation_failed", int status = StatusCodes.Status422UnprocessableEntity) =>
        Create(http, status, code, new Dictionary<string, object?>
        {
            ["errors"] = errors.Count > MaxListedErrors ? errors.Take(MaxListedErrors).ToList() : errors,
            ["errorsTotal"] = errors.Count,
            ["errorsOmitted"] = Math.Max(0, errors.Count - MaxListedErrors),
        });

    public static Task Write(HttpContext http, int status, string code, IDictionary<string, object?>? extensions = null)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(Build(http, status, code, extensions), options: null, contentType: "application/problem+json", http.RequestAborted);
    }
}
