using Kabinet.Dev;
using Kabinet.Docs;
using Kabinet.Email;
using Kabinet.Health;
using Kabinet.Platform;
using Kabinet.Platform.Errors;
using Kabinet.Platform.Hosting;

var builder = HandlerHosting.CreateBuilder(args);
builder.AddPlatform();
builder.AddEmail();

var app = builder.Build();
app.UsePlatform();
app.MapHandlerReadiness();
app.MapApiDocs();
app.MapHealth();
app.MapEmail();
app.MapDev();
app.MapNotFoundFallback();
app.Run();
