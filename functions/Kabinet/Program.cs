using Kabinet.Auth;
using Kabinet.Dev;
using Kabinet.Docs;
using Kabinet.Email;
using Kabinet.Health;
using Kabinet.Platform;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Hosting;
using Kabinet.Profile;

var builder = HandlerHosting.CreateBuilder(args);
builder.AddPlatform();
builder.AddEmail();
builder.AddAuth();
builder.AddProfile();

var app = builder.Build();
app.UsePlatform();
app.UseAuth();
app.MapHandlerReadiness();
app.MapApiDocs();
app.MapHealth();
app.MapEmail();
app.MapAuth();
app.MapSendCode();
app.MapProfile();
app.MapDev();
app.MapNotFoundFallback();
app.Run();
