using System.Text.Json;
using Azure.Data.Tables;
using Kabinet.Accounts;
using Kabinet.Auth;
using Kabinet.Docs;
using Kabinet.Operators;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Idempotency;
using Kabinet.Platform.Paging;
using Kabinet.Platform.Storage;
using Kabinet.Providers;

namespace Kabinet.Billing;

public sealed record BillingRunBody(string ProviderId, string Period);

/// <summary>A parked account: which, for which period and run, why, and the details to fix.</summary>
public sealed record ParkedView(string AccountId, string ProviderId, string AccountNumber, string Period, string RunId, string Reason, JsonElement? Details,
    DateTimeOffset ParkedAt);

public sealed record ReleaseView(string AccountId, string Period, string Outcome);

/// <summary>POST/GET /api/operator/billing/runs, GET /api/operator/billing/parked and its release.</summary>
public static class BillingRunEndpoints
{
    public const string RunNotFound = "billing.run_not_found";

    public static void MapBillingRuns(this WebApplication app)
    {
        var group = OperatorRoutes.Group(app);
        group.MapPost("/billing/runs", Start).Idempotent()
            .WithSummary("Closes a provider's period now: the same work as the hourly timer. One run per provider and period: starting it again answers " +
                "the same run (and goes on with it when it stopped). 202 with its progress.")
            .Accepts<BillingRunBody>("application/json")
            .Produces<BillingRunView>(StatusCodes.Status202Accepted).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/billing/runs/{id}", Get)
            .WithSummary("A run's progress: accounts total, done, failed, parked; slices; started and finished.")
            .Produces<BillingRunView>().ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/billing/parked", Parked)
            .WithSummary("Accounts a run parked (skipped because their data breaks a rule), with the reason and details; ?providerId= narrows.")
            .Produces<ListPage<ParkedView>>();
        group.MapPost("/billing/parked/{accountId}/release", Release)
            .WithSummary("After fixing the data: closes the parked account's period now. 200 with the outcome; 409 billing.still_parked with the reason when it still breaks a rule.")
            .Produces<ReleaseView>().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> Start(HttpContext http, BillingRuns runs, ProviderCache providers, Audit audit, TimeProvider clock, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType()) return Problems.Create(http, StatusCodes.Status415UnsupportedMediaType, "request.unsupported_media_type");
        JsonElement root;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 8 }, ct);
            root = document.RootElement.Clone();
        }
        catch (JsonException) { return Problems.Create(http, StatusCodes.Status400BadRequest, "request.malformed_json"); }
        var providerId = Text(root, "providerId");
        var period = Text(root, "period");
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(providerId) || !TableKeys.IsSafe(providerId) || providerId.Length > 100) errors.Add(Problems.Field(http, "providerId", "billing.provider_not_found"));
        if (!BillingRunRules.IsPeriod(period)) errors.Add(Problems.Field(http, "period", "billing.period_invalid"));
        if (errors.Count > 0) return Problems.Validation(http, errors);
        if (await providers.ProviderAsync(providerId!, ct) is not { } provider)
            return Problems.Validation(http, [Problems.Field(http, "providerId", "billing.provider_not_found")]);
        if (!BillingRunRules.CanStart(period!, BillPlanner.LocalDate(clock.GetUtcNow(), provider.TimeZone)))
            return Problems.Validation(http, [Problems.Field(http, "period", "billing.period_not_closable")]);
        var (run, created) = await runs.StartAsync(provider, period!, "operator", http.User.UserId(), ct);
        if (created) await audit.WriteAsync(http.User.UserId(), "billing_run_started", http, new { runId = run.RunId, providerId, period }, ct);
        return TypedResults.Accepted($"/api/operator/billing/runs/{run.RunId}", await runs.ViewAsync(run, ct));
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static async Task<IResult> Get(string id, HttpContext http, BillingRuns runs, CancellationToken ct) =>
        await runs.GetAsync(id, ct) is { } run ? TypedResults.Ok(await runs.ViewAsync(run, ct)) : Problems.Create(http, StatusCodes.Status404NotFound, RunNotFound);

    private static async Task<IResult> Parked(HttpContext http, string? providerId, BillingTables tables, CancellationToken ct)
    {
        if (providerId is not null && !TableKeys.IsSafe(providerId)) return TypedResults.Ok(new ListPage<ParkedView>([], null));
        var filter = providerId is null ? null : TableClient.CreateQueryFilter($"PartitionKey eq {providerId}");
        var items = new List<ParkedView>();
        await foreach (var p in tables.Parked.QueryAsync<ParkedAccountEntity>(filter, cancellationToken: ct))
        {
            items.Add(View(p));
            if (items.Count == 1000) break;
        }
        return TypedResults.Ok(new ListPage<ParkedView>(items, null));
    }

    private static ParkedView View(ParkedAccountEntity p)
    {
        JsonElement? details = null;
        if (p.Details is { } json)
            try { details = JsonDocument.Parse(json).RootElement.Clone(); }
            catch (JsonException) { }
        return new ParkedView(p.AccountId, p.PartitionKey, p.AccountNumber, p.Period, p.RunId, p.Reason, details, p.ParkedAt);
    }

    private static async Task<IResult> Release(string accountId, HttpContext http, BillingTables tables, AccountTables accounts, BillingRuns runs, Audit audit,
        CancellationToken ct)
    {
        if (!AccountRules.IsWellFormedAccountId(accountId)) return Problems.Create(http, StatusCodes.Status404NotFound, "billing.parked_not_found");
        var account = await accounts.Accounts.GetEntityIfExistsAsync<AccountEntity>(accountId, AccountEntity.Row, cancellationToken: ct);
        var parked = account.HasValue ? await tables.Parked.GetEntityIfExistsAsync<ParkedAccountEntity>(account.Value!.ProviderId, accountId, cancellationToken: ct) : null;
        if (parked is not { HasValue: true }) return Problems.Create(http, StatusCodes.Status404NotFound, "billing.parked_not_found");
        var row = parked.Value!;
        var (outcome, reason) = await runs.ReleaseAsync(row, ct);
        await audit.WriteAsync(http.User.UserId(), "billing_account_released", http, new { accountId, period = row.Period, outcome = outcome.ToString() }, ct);
        return outcome switch
        {
            CloseOutcome.Closed or CloseOutcome.AlreadyClosed => TypedResults.Ok(new ReleaseView(accountId, row.Period, outcome == CloseOutcome.Closed ? "closed" : "already_closed")),
            CloseOutcome.Parked => Problems.Create(http, StatusCodes.Status409Conflict, "billing.still_parked", new Dictionary<string, object?> { ["reason"] = reason }),
            _ => Problems.Create(http, StatusCodes.Status409Conflict, "billing.close_failed"),
        };
    }
}
