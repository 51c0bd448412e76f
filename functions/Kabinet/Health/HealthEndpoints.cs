using Kabinet.Docs;
using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Kabinet.Auth;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kabinet.Health;

public sealed record HealthCheck(string Name, bool Ok, long ElapsedMs, string? Error);
/// <param name="Sms">How SMS go out: <c>http</c> (the provider), <c>development</c> (the devsms table) or
/// <c>not_configured</c> (off: phone sign-up answers sms.unavailable). Never fails health: e-mail users still work.</param>
public sealed record HealthReport(string Status, IReadOnlyList<HealthCheck> Checks, string Sms);

public static class HealthEndpoints
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static void MapHealth(this WebApplication app) =>
        app.MapHttpFunction("Health", "health")
            .MapGet("", GetHealth)
            .WithTags("public")
            .WithSummary("200 when Tables, Blobs and Queues answer; 503 naming the one that failed. `sms` says whether SMS can go out.")
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable);

    private static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> GetHealth(
        HttpContext http, TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues, ISmsGateway sms, CancellationToken ct)
    {
        var checks = await Task.WhenAll(
            Check("tables", c => tables.QueryAsync(maxPerPage: 1, cancellationToken: c).AsPages().GetAsyncEnumerator(c).MoveNextAsync().AsTask(), ct),
            Check("blobs", c => blobs.GetBlobContainersAsync(cancellationToken: c).AsPages(pageSizeHint: 1).GetAsyncEnumerator(c).MoveNextAsync().AsTask(), ct),
            Check("queues", c => queues.GetQueuesAsync(cancellationToken: c).AsPages(pageSizeHint: 1).GetAsyncEnumerator(c).MoveNextAsync().AsTask(), ct));
        if (checks.All(c => c.Ok))
            return TypedResults.Ok(new HealthReport("healthy", checks, SmsMode(sms)));
        var problem = Problems.Build(http, StatusCodes.Status503ServiceUnavailable, "health.storage_unavailable", new Dictionary<string, object?>
        {
            ["failed"] = checks.Where(c => !c.Ok).Select(c => c.Name).ToArray(),
            ["checks"] = checks,
            ["sms"] = SmsMode(sms),
        });
        return TypedResults.Problem(problem);
    }

    public static string SmsMode(ISmsGateway sms) => sms switch
    {
        { IsAvailable: false } => "not_configured",
        DevelopmentSmsGateway => "development",
        _ => "http",
    };

    private static async Task<HealthCheck> Check(string name, Func<CancellationToken, Task> probe, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CheckTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await probe(timeout.Token);
            return new HealthCheck(name, true, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var error = ex is OperationCanceledException ? $"no answer within {CheckTimeout.TotalSeconds:0} s" : ex.GetType().Name;
            return new HealthCheck(name, false, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, error);
        }
    }
}
