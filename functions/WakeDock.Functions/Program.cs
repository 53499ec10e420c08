using WakeDock.Functions.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWakeDockFunctions();

var app = builder.Build();
app.MapWakeDockFunctions();
app.Run();

/// <summary>The functions host; public so that tests can start it through WebApplicationFactory.</summary>
public partial class Program;
