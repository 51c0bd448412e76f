using Kabinet.Docs;
using System.Globalization;
using Azure;
using Kabinet.Auth;
using Kabinet.Notifications;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Invocation;
using Kabinet.Platform.Storage;
using Kabinet.Providers;

namespace Kabinet.Accounts;

/// <summary>The <c>accounts</c> area: linking personal accounts by proof, and the user's settings for each.</summary>
public static class AccountsEndpoints
{
    public static void MapAccountsFunction(this WebApplication app)
    {
        var accounts = LinkedAccount.RequireLinkedAccount(app.MapHttpFunction("Accounts", "accounts").WithTags("accounts").RequireAuthorization());
        accounts.MapGet("", List).WithSummary("The user's linked accounts; groupId narrows to one group (\"all\" or none: every account).")
            .Produces<ListPage<AccountView>>().ProducesProblems(StatusCodes.Status404NotFound);
        accounts.MapPost("", Link).WithSummary("Links an account proven by the last payment, a meter serial or the last bill. 5 failed proofs per account a day, 10 accounts per user.")
            .Produces<AccountView>(StatusCodes.Status201Created).ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests);
        accounts.MapGet("/{id}", Get).WithSummary("The account with premises and meters.").Produces<AccountDetailsView>();
        accounts.MapPatch("/{id}", Patch).WithSummary("Alias, group and this user's bill delivery (email needs a confirmed e-mail).").Produces<AccountView>();
        accounts.MapDelete("/{id}", Unlink).WithSummary("Unlinks the account for this user.").Produces(StatusCodes.Status204NoContent);
    }

    private static IResult NotFound(HttpContext http) => Problems.Create(http, StatusCodes.Status404NotFound, LinkedAccount.NotFoundCode);

    private static IResult LimitReached(HttpContext http) => Problems.Create(http, StatusCodes.Status422UnprocessableEntity, "account.limit_reached",
        new Dictionary<string, object?> { ["limit"] = AccountRules.MaxAccountsPerUser });

    private static async Task<IResult> List(HttpContext http, AccountLinks links, AccountTables tables, ProviderCache providerCache, string? groupId, PageRequest page,
        CancellationToken ct)
    {
        var userId = http.User.UserId();
        var list = "accounts/" + userId;
        var errors = page.Check(http, list, 1, out var after);
        if (errors.Count > 0) return Problems.Validation(http, errors);
        if (await LinksInGroup.ReadAsync(tables, links, userId, groupId, ct) is not { } inGroup)
            return Problems.Create(http, StatusCodes.Status404NotFound, GroupsEndpoints.NotFoundCode);
        var groups = inGroup.GroupIds;
        var slice = page.Slice(inGroup.Links, l => l.LinkedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "|" + l.AccountId, list, after);
        var selected = slice.Items;
        var accounts = await Task.WhenAll(selected.Select(l => links.AccountAsync(l.AccountId, ct)));
        var providers = await ProviderNamesAsync(providerCache, selected.Select(l => l.ProviderId), ct);
        var items = selected.Select((l, i) => View(l, accounts[i], providers, groups)).ToList();
        return TypedResults.Ok(new ListPage<AccountView>(items, slice.NextCursor));
    }

    private static async Task<IResult> Get(string id, [WithLink, WithMeters] LinkedAccount scope, HttpContext http, AccountTables tables, CancellationToken ct)
    {
        var (link, account) = (scope.Link!, scope.Account);
        var groups = await GroupsEndpoints.GroupIdsAsync(tables, http.User.UserId(), ct);
        var meters = scope.Rows<MeterEntity>(MeterEntity.Prefix);
        var view = View(link, account, new Dictionary<string, string?> { [link.ProviderId] = scope.Provider.Name }, groups);
        return TypedResults.Ok(new AccountDetailsView(
            view.Id, view.ProviderId, view.ProviderName, view.Number, view.Alias, view.GroupId, view.Address,
            view.Balance, view.AmountDue, view.Overpayment, view.BillDelivery, view.ProviderBillDelivery,
            account.HolderName,
            new PremisesView(account.Rooms, account.Residents,
                decimal.TryParse(account.Area, NumberStyles.Number, CultureInfo.InvariantCulture, out var area) ? area : null, account.Stove),
            meters.OrderBy(m => m.State == MeterStates.Active ? 0 : 1).ThenBy(m => m.Serial, StringComparer.Ordinal).Select(MeterOf).ToList(),
            view.DueDate, view.LastBillPeriod));
    }

    private static async Task<IResult> Link(LinkRequest request, HttpContext http, AccountLinks links, AccountTables tables, Throttle throttle,
        Audit audit, Users users, Notifier notifier, ILoggerFactory loggers, TimeProvider clock, CancellationToken ct)
    {
        var userId = http.User.UserId();
        var (input, broken) = AccountRules.ValidateLink(request);
        var errors = broken.Select(e => Problems.Field(http, e.Field, e.Code)).ToList();
        if (!await GroupsEndpoints.ExistsAsync(tables, userId, input.GroupId, ct)) errors.Add(Problems.Field(http, "groupId", "account.group_unknown"));
        var (providerId, number, proof, groupId) = input;
        if (errors.Count > 0) return Problems.Validation(http, errors);

        var accountId = AccountIds.For(providerId, number);
        if (await links.FindAsync(userId, accountId, ct) is not null)
            return Problems.Create(http, StatusCodes.Status409Conflict, "account.already_linked", new Dictionary<string, object?> { ["accountId"] = accountId });

        if ((await links.OfUserAsync(userId, ct)).Count >= AccountRules.MaxAccountsPerUser)
            return LimitReached(http);

        var provider = await links.ProviderAsync(providerId, ct);
        // Providers are public, so telling that one does not take this method reveals nothing; an unknown provider fails below like any proof.
        if (provider is not null && !ProofMethods.Parse(provider.AcceptedProofs).Contains(proof!.Method))
            return Problems.Create(http, StatusCodes.Status422UnprocessableEntity, "account.verification_method_not_accepted",
                new Dictionary<string, object?> { ["acceptedProofs"] = ProofMethods.Parse(provider.AcceptedProofs) });

        // Keyed on provider and normalised number (hashed), so guesses at numbers that do not exist count too.
        // Counted before the proof is checked: parallel guesses never get more than five checked.
        var throttleKey = $"acclink:{userId}:{accountId}";
        var attempt = await throttle.TakeAsync(throttleKey, AccountRules.MaxFailedProofs, AccountRules.FailedProofWindow, ct, AccountRules.FailedProofWindow);
        if (!attempt.Allowed)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(attempt.RetryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Create(http, StatusCodes.Status429TooManyRequests, "account.too_many_attempts",
                new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
        }

        // A slot freed by a parallel success is freed only once that one is linked: seen here, nothing more is checked.
        if (await links.FindAsync(userId, accountId, ct) is not null)
        {
            await throttle.ReturnAsync(attempt.Ticket, ct);
            return Problems.Create(http, StatusCodes.Status409Conflict, "account.already_linked", new Dictionary<string, object?> { ["accountId"] = accountId });
        }

        var (ok, account) = await links.VerifyAsync(provider, number, proof!, ct);
        if (!ok) return Problems.Create(http, StatusCodes.Status422UnprocessableEntity, "account.verification_failed");

        // The profile's billsByEmail is the default for a newly linked account; the account's own billDelivery then stands apart.
        var delivery = await users.FindAsync(userId, ct) is { BillsByEmail: true, EmailConfirmed: true, Email.Length: > 0 } ? BillDeliveries.Email : BillDeliveries.Paper;
        var (outcome, link) = await links.AddAsync(userId, account!, proof!.Method!, AccountRules.CleanAlias(request.Alias), groupId, clock.GetUtcNow(), ct,
            delivery);
        if (outcome == LinkOutcome.LimitReached) await throttle.ReturnAsync(attempt.Ticket, ct); // a right proof: it does not count
        else await throttle.ForgiveAsync(attempt.Ticket, ct); // linked: the failures before are forgotten
        if (outcome == LinkOutcome.LimitReached) return LimitReached(http);
        if (link is null)
            return Problems.Create(http, StatusCodes.Status409Conflict, "account.already_linked", new Dictionary<string, object?> { ["accountId"] = accountId });
        await audit.WriteAsync(userId, AuditEvents.AccountLinked, http,
            new { accountId, providerId = link.ProviderId, accountNumber = link.Number, proofMethod = link.ProofMethod }, ct);
        await notifier.RaiseAfterAsync(NoticeTemplates.AccountLinked(accountId, link.Number, provider!.Name, link.LinkedAt), NoticeFor.User(userId),
            loggers.CreateLogger("Kabinet.Accounts"), ct);
        var fresh = await links.AccountAsync(accountId, ct) ?? account;
        var groups = await GroupsEndpoints.GroupIdsAsync(tables, userId, ct);
        return TypedResults.Created("/api/accounts/" + accountId,
            View(link, fresh, new Dictionary<string, string?> { [provider!.ProviderId] = provider.Name }, groups));
    }

    private static async Task<IResult> Patch(string id, AccountPatch patch, HttpContext http, AccountLinks links, AccountTables tables, Users users,
        CancellationToken ct)
    {
        var userId = http.User.UserId();
        if (await links.FindAsync(userId, id, ct) is null) return NotFound(http);

        var errors = new List<FieldError>();
        void Fail(string field, string code) => errors.Add(Problems.Field(http, field, code));
        if (AccountRules.CheckAlias(patch.Alias) is { } aliasError) Fail("alias", aliasError);
        var groupId = patch.GroupId?.Trim();
        if (groupId is not null && !await GroupsEndpoints.ExistsAsync(tables, userId, groupId, ct)) Fail("groupId", "account.group_unknown");
        if (patch.BillDelivery is { } delivery)
        {
            if (!BillDeliveries.All.Contains(delivery)) Fail("billDelivery", "account.bill_delivery_invalid");
            else if (delivery == BillDeliveries.Email && (await users.FindAsync(userId, ct)) is not { EmailConfirmed: true, Email: { Length: > 0 } })
                Fail("billDelivery", "account.email_not_confirmed");
        }
        if (errors.Count > 0)
            return Problems.Validation(http, errors, errors.All(e => e.Code == "account.email_not_confirmed") ? "account.email_not_confirmed" : "request.validation_failed");

        var link = await links.UpdateAsync(userId, id, l =>
        {
            if (patch.Alias is not null) l.Alias = AccountRules.CleanAlias(patch.Alias);
            if (groupId is not null) l.GroupId = groupId;
            if (patch.BillDelivery is not null) l.BillDelivery = patch.BillDelivery;
        }, ct);
        if (link is null) return NotFound(http);
        var account = await links.AccountAsync(link.AccountId, ct);
        var provider = await links.ProviderAsync(link.ProviderId, ct);
        var groups = await GroupsEndpoints.GroupIdsAsync(tables, userId, ct);
        return TypedResults.Ok(View(link, account, new Dictionary<string, string?> { [link.ProviderId] = provider?.Name }, groups));
    }

    private static async Task<IResult> Unlink(string id, HttpContext http, AccountLinks links, Audit audit, CancellationToken ct)
    {
        var userId = http.User.UserId();
        if (await links.UnlinkAsync(userId, id, ct) is not { } link) return NotFound(http);
        await audit.WriteAsync(userId, AuditEvents.AccountUnlinked, http, new { accountId = id, providerId = link.ProviderId, accountNumber = link.Number }, ct);
        return TypedResults.NoContent();
    }

    /// <summary>A link whose group was removed meanwhile shows under "all".</summary>
    internal static string EffectiveGroup(LinkEntity link, ISet<string> groups) =>
        groups.Contains(link.GroupId) ? link.GroupId : Groups.All;

    private static async Task<Dictionary<string, string?>> ProviderNamesAsync(ProviderCache providers, IEnumerable<string> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        var found = await Task.WhenAll(distinct.Select(p => providers.ProviderAsync(p, ct)));
        return distinct.Select((p, i) => (p, found[i]?.Name)).ToDictionary(x => x.p, x => x.Name);
    }

    private static AccountView View(LinkEntity link, AccountEntity? account, IReadOnlyDictionary<string, string?> providers, ISet<string> groups)
    {
        var balance = account?.Balance ?? 0;
        return new AccountView(link.AccountId, link.ProviderId, providers.GetValueOrDefault(link.ProviderId), account?.Number ?? link.Number,
            link.Alias, EffectiveGroup(link, groups), account?.Address, balance, AccountRules.AmountDue(balance), AccountRules.Overpayment(balance),
            link.BillDelivery, account?.BillDelivery ?? BillDeliveries.Paper, balance > 0 ? account?.DueDate : null, account?.LastBillPeriod);
    }

    private static MeterView MeterOf(MeterEntity m) => new(
        m.MeterId, m.Serial, m.Model, m.Service, m.ZoneSet, ZoneSets.Zones.TryGetValue(m.ZoneSet, out var zones) ? zones : [],
        m.Digits, m.FractionDigits, m.InstalledOn, m.VerifiedUntil, m.AccuracyClass, m.Location, m.RemoteRead, m.State);
}
