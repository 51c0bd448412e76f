using Kabinet.Platform.Errors;
using Kabinet.Platform.Hosting;
using Kabinet.Platform.Storage;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Kabinet.Auth;

public static class AuthSetup
{
    public static void AddAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddErrors(AuthErrors.Catalog);
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations()
            .Validate(o => development || o.SigningKey != AuthOptions.DevelopmentSigningKey,
                "Auth:SigningKey is the development key from local.settings.sample.json; set a secret one outside Development")
            // A Key Vault reference the platform could not resolve stays as its own text: long enough, and public.
            .Validate(o => !(o.SigningKey ?? "").StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase),
                "Auth:SigningKey is an unresolved Key Vault reference: check the app identity's Key Vault Secrets User role")
            .Validate(o => development || o.PasswordIterations >= PasswordHasher.Iterations,
                $"Auth:PasswordIterations is below {PasswordHasher.Iterations:N0}; fewer are allowed only in Development")
            .Validate(o => string.IsNullOrWhiteSpace(o.OperatorLogin) || Identifiers.ParseLogin(o.OperatorLogin) is not null,
                "Auth:OperatorLogin must be a phone or an e-mail")
            .PostConfigure<ISmsGateway>((o, sms) => o.SmsAvailable = sms.IsAvailable)
            .ValidateOnStart();
        builder.AddSms();
        builder.Services.AddSingleton<AuthTables>().AddSingleton<Throttle>().AddSingleton<Challenges>().AddSingleton<Users>()
            .AddSingleton<Tokens>().AddSingleton<Sessions>().AddSingleton<Audit>()
            .AddAuthLimits()
            .AddTables(AuthTables.Names.All)
            .AddQueues(CodeMessage.QueueName)
            .AddStartupStep("create the first operator", (s, ct) => AuthStartup.CreateOperatorAsync(s, ct));
        // The development SMS store exists only where GET /api/dev/sms can read it.
        if (development) builder.Services.AddTables(AuthTables.Names.DevSms);
        builder.Services.AddSingleton<TrustedDevices>().AddSingleton<SecurityNotifier>();
        builder.Services.AddSingleton(new CallerId(user => user.UserId()));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = Tokens.ValidationParameters(auth.Value);
                jwt.Events = new JwtBearerEvents
                {
                    // A signed token is not enough: its session must still be open (sign-out, password change).
                    OnTokenValidated = async context =>
                    {
                        var sessions = context.HttpContext.RequestServices.GetRequiredService<Sessions>();
                        var session = await sessions.GetAsync(context.Principal!.UserId(), context.Principal!.SessionId(), context.HttpContext.RequestAborted);
                        if (session is null || session.Revoked) context.Fail("session ended");
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        // RFC 6750: the scheme, and whether a token was sent and refused.
                        context.Response.Headers.WWWAuthenticate = context.Request.Headers.Authorization.Count > 0
                            ? "Bearer error=\"invalid_token\"" : "Bearer";
                        await Problems.Write(context.HttpContext, StatusCodes.Status401Unauthorized, "auth.unauthorized");
                    },
                    OnForbidden = context => Problems.Write(context.HttpContext, StatusCodes.Status403Forbidden, "auth.forbidden"),
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Operator, p => p.RequireAuthenticatedUser().RequireClaim("role", Roles.Operator));
    }

    /// <summary>
    /// A configured provider (Sms:Endpoint) wins in any environment; without one, Development keeps
    /// SMS in the devsms table and every other environment has no SMS at all.
    /// </summary>
    private static void AddSms(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section)
            .Validate(o => o.EndpointIsValid, "Sms:Endpoint must be an absolute http(s) URL")
            .Validate(o => !o.IsConfigured || o.TemplateIsValid, "Sms:BodyTemplate must be JSON with the placeholders inside its strings")
            .Validate(o => o.TimeoutSeconds is > 0 and <= 120, "Sms:TimeoutSeconds must be 1..120")
            .ValidateOnStart();
        var sms = builder.Configuration.GetSection(SmsOptions.Section).Get<SmsOptions>() ?? new SmsOptions();
        if (sms.IsConfigured)
        {
            builder.Services.AddHttpClient(HttpSmsGateway.ClientName, c => c.Timeout = TimeSpan.FromSeconds(sms.TimeoutSeconds));
            builder.Services.AddSingleton<ISmsGateway, HttpSmsGateway>();
        }
        else if (builder.Environment.IsDevelopment())
            builder.Services.AddSingleton<ISmsGateway, DevelopmentSmsGateway>();
        else
            builder.Services.AddSingleton<ISmsGateway, UnavailableSmsGateway>();
    }

    public static void UseAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
    }
}

/// <summary>The first operator, when settings name one (run by StorageStartup, after the tables exist).</summary>
public static class AuthStartup
{
    public static async Task CreateOperatorAsync(IServiceProvider services, CancellationToken ct)
    {
        var (tables, users) = (services.GetRequiredService<AuthTables>(), services.GetRequiredService<Users>());
        var (options, clock) = (services.GetRequiredService<IOptions<AuthOptions>>(), services.GetRequiredService<TimeProvider>());
        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Kabinet.Auth.AuthStartup");
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.OperatorLogin) || string.IsNullOrWhiteSpace(o.OperatorPassword)) return;
        if (Identifiers.ParseLogin(o.OperatorLogin) is not { } login)
            throw new InvalidOperationException("Auth:OperatorLogin is neither a phone nor an e-mail");
        if (await users.FindByLoginAsync(login, ct) is not null) return;
        var now = clock.GetUtcNow();
        var user = new UserEntity
        {
            PartitionKey = Secrets.NewId(), Role = Roles.Operator, PasswordHash = PasswordHasher.Hash(o.OperatorPassword, o.PasswordIterations),
            PasswordChangedAt = now, CreatedAt = now, LastName = "Оператор", FirstName = "Первый",
        };
        if (login.Kind == LoginKind.Phone) { user.Phone = login.Value; user.PhoneConfirmed = true; }
        else { user.Email = login.Value; user.EmailConfirmed = true; }
        if (await users.ClaimLoginAsync(login, user.UserId, ct))
        {
            await tables.Users.AddEntityAsync(user, ct);
            log.LogInformation("Created the first operator {Login}", Identifiers.Mask(login));
        }
    }
}
