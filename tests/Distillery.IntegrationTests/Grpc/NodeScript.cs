using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Distillery.IntegrationTests.Grpc;

/// <summary>A script of tests/interop-node (grpc-js) run with Node: a JSON object on stdin, one from stdout; a failed run throws with its stderr.</summary>
internal static class NodeScript
{
    public static async Task<JsonNode> RunAsync(string script, JsonObject input)
    {
        input["protos"] ??= Peers.Protos;
        var start = new ProcessStartInfo("node", [Path.Combine(Peers.NodeScripts, script)]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(input.ToJsonString());
        node.StandardInput.Close();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return node.ExitCode == 0
            ? JsonNode.Parse(await output)!
            : throw new InvalidOperationException($"node {script} exited with {node.ExitCode}:\n{await errors}");
    }
}
