using System.Text;
using System.Text.Json;
using Distillery.ServiceDefaults.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Distillery.UnitTests.Logging;

public sealed class RequestLoggingTests
{
    [Fact]
    public async Task A_request_is_one_line_with_method_route_status_and_duration_and_never_its_body()
    {
        var output = new StringWriter();
        var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0", "--Distillery:Logging:Format=Json"]);
        builder.AddServiceDefaults("coordinator", output);
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapPost("/jobs/{id}", async (HttpRequest request) => Results.Text(await new StreamReader(request.Body).ReadToEndAsync()));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var content = new StringContent("a confidential research text", Encoding.UTF8, "text/plain");
        (await http.PostAsync(new Uri("/jobs/42", UriKind.Relative), content)).EnsureSuccessStatusCode();
        (await http.GetAsync(new Uri("/health/live", UriKind.Relative))).EnsureSuccessStatusCode();
        await app.StopAsync();

        var requests = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.GetProperty("Properties").TryGetProperty("RequestRoute", out _))
            .ToList();
        var request = Assert.Single(requests).GetProperty("Properties");
        Assert.Equal("POST", request.GetProperty("RequestMethod").GetString());
        Assert.Equal("/jobs/{id}", request.GetProperty("RequestRoute").GetString());
        Assert.Equal(200, request.GetProperty("StatusCode").GetInt32());
        Assert.True(request.GetProperty("Elapsed").GetDouble() >= 0);
        Assert.DoesNotContain("confidential", output.ToString(), StringComparison.Ordinal);
    }
}
