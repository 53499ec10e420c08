using Microsoft.AspNetCore.Mvc.Testing;

namespace WakeDock.Functions.Tests;

/// <summary>The functions host in memory, one per test.</summary>
internal sealed class FunctionsApplication : WebApplicationFactory<Program>;
