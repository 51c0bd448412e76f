using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Kabinet.Docs;

/// <summary>Examples for the main flows: register, sign in, link an account, submit a reading (request bodies and answers).</summary>
public static class Examples
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static readonly JsonObject Challenge = Json("""{"challengeId":"c7f3a9d2e4b14f0e9a6b","channel":"sms","destination":"+7 *** ***-**-67","resendAfterSeconds":60}""");

    private static readonly JsonObject Tokens = Json("""
        {"accessToken":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2ln","refreshToken":"r_5b0d8c1f2a9e4d3b","expiresIn":900,"tokenType":"Bearer",
         "user":{"id":"3f9c2b7a","role":"customer","phone":"+79001234567","email":null,"lastName":null,"firstName":null}}
        """);

    /// <summary>(method, path) → request body example and (status, answer) example.</summary>
    private static readonly (HttpMethod Method, string Path, JsonObject? Body, string Status, JsonObject? Answer)[] Flows =
    [
        (HttpMethod.Post, "/api/auth/register", Json("""{"phone":"+7 900 123-45-67","password":"Correct-Horse-7","acceptTerms":true,"marketingOptIn":false}"""), "202", Challenge),
        (HttpMethod.Post, "/api/auth/register/confirm", Json("""{"challengeId":"c7f3a9d2e4b14f0e9a6b","code":"123456"}"""), "201", Tokens),
        (HttpMethod.Post, "/api/auth/login", Json("""{"login":"+79001234567","password":"Correct-Horse-7","deviceId":"Chrome on Windows"}"""), "200", Tokens),
        (HttpMethod.Post, "/api/auth/login/confirm", Json("""{"challengeId":"c7f3a9d2e4b14f0e9a6b","code":"123456","trustDevice":true}"""), "200", null),
        (HttpMethod.Post, "/api/auth/refresh", Json("""{"refreshToken":"r_5b0d8c1f2a9e4d3b"}"""), "200", null),
        (HttpMethod.Post, "/api/accounts", Json("""{"providerId":"omsk-energo","number":"55-0001","verification":{"method":"lastPayment","date":"2026-02-10","amount":150000},"alias":"Дача"}"""), "201", null),
        (HttpMethod.Post, "/api/accounts/{id}/meters/{meterId}/readings", Json("""{"values":{"day":15738.5,"night":4211}}"""), "201", null),
    ];

    public static void Apply(OpenApiDocument document)
    {
        foreach (var (method, path, body, status, answer) in Flows)
        {
            if (document.Paths.TryGetValue(path, out var item) is false || item.Operations?.TryGetValue(method, out var operation) is not true) continue;
            if (body is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var request) == true)
                request.Example = body.DeepClone();
            if (answer is not null && operation.Responses?.TryGetValue(status, out var response) == true
                && response.Content?.TryGetValue("application/json", out var media) == true)
                media.Example = answer.DeepClone();
        }
    }
}
