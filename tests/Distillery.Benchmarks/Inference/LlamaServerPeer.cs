using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Distillery.Benchmarks.Inference;

/// <summary>
/// llama.cpp's own llama-server as the peer: built from the same llama.cpp source as our libraries
/// (scripts/build-llama-server.sh, CPU only, cached in .cache/llama-server), run on the same GGUF
/// file with the same number of slots, threads and context per slot. A text is scored the way a
/// client of llama-server scores one: <c>POST /completion</c> with the whole prompt, one token to
/// predict and the top token probabilities, its prompt cache on (each slot reuses the prefix it
/// evaluated for its previous text).
/// </summary>
internal sealed class LlamaServerPeer : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private LlamaServerPeer(Process process, Uri address)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(10) };
    }

    /// <summary>Builds llama-server when the cache lacks it (minutes on two cores); returns its path.</summary>
    public static string Build(string repositoryRoot)
    {
        var build = Process.Start(new ProcessStartInfo("bash", [Path.Combine(repositoryRoot, "scripts", "build-llama-server.sh")])
        {
            RedirectStandardOutput = true,
        })!;
        var binary = build.StandardOutput.ReadToEnd().Trim();
        build.WaitForExit();
        return build.ExitCode == 0 && File.Exists(binary)
            ? binary
            : throw new InvalidOperationException($"scripts/build-llama-server.sh failed ({build.ExitCode})");
    }

    public static async Task<LlamaServerPeer> StartAsync(string binary, string modelPath, int slots, int threads, int contextPerSlot)
    {
        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo(binary,
        [
            "-m", modelPath, "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
            "-np", slots.ToString(CultureInfo.InvariantCulture),
            "-c", (slots * contextPerSlot).ToString(CultureInfo.InvariantCulture),
            "-t", threads.ToString(CultureInfo.InvariantCulture), "-tb", threads.ToString(CultureInfo.InvariantCulture),
            "-b", "512", "-ub", "512", "--no-webui", "--log-disable",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var peer = new LlamaServerPeer(process, new Uri($"http://127.0.0.1:{port}"));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                using var health = await peer._http.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return peer;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                peer.Dispose();
                throw new InvalidOperationException($"llama-server did not start (exit {(process.HasExited ? process.ExitCode : -1)})");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Scores one prompt; returns the prompt tokens llama-server evaluated for it (the rest came from its slot's cache).</summary>
    public async Task<int> ScoreAsync(string prompt, int topTokens)
    {
        using var response = await _http.PostAsJsonAsync("/completion", new JsonObject
        {
            ["prompt"] = prompt,
            ["n_predict"] = 1,
            ["n_probs"] = topTokens,
            ["temperature"] = 0,
            ["cache_prompt"] = true,
        });
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return body["completion_probabilities"] is JsonArray { Count: 1 }
            ? (int)body["timings"]!["prompt_n"]!
            : throw new InvalidOperationException("llama-server answered without the token probabilities");
    }

    public void Dispose()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
