using System.Collections.Concurrent;
using Distillery.Inference.Configuration;
using Distillery.Inference.Engine;
using Microsoft.Extensions.Options;

namespace Distillery.Inference.Models;

/// <summary>
/// The configured models by name, each with its engine once loaded. Every call finds its model
/// here: an unknown name is <see cref="ModelNotFoundException"/>, one still loading (or that failed
/// to load) <see cref="ModelNotLoadedException"/>. Disposing the registry stops every engine.
/// </summary>
public sealed class ModelRegistry : IDisposable
{
    private readonly IReadOnlyList<ModelOptions> _configured;
    private readonly ConcurrentDictionary<string, ModelState> _states = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _allLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ModelRegistry(IOptions<InferenceOptions> options)
    {
        _configured = [.. options.Value.Models];
        foreach (var model in _configured)
        {
            _states[model.Name] = new ModelState(model, null, null);
        }
    }

    /// <summary>Every configured model in configuration order.</summary>
    public IReadOnlyList<ModelState> Models => [.. _configured.Select(model => _states[model.Name])];

    public bool AllLoaded => _states.Values.All(state => state.IsLoaded);

    /// <summary>Completes once every model is loaded; fails when one cannot be (for hosts that compose the service in process).</summary>
    public Task WhenAllLoaded => _allLoaded.Task;

    public ModelEngine Get(string name)
    {
        if (!_states.TryGetValue(name ?? string.Empty, out var state))
        {
            throw new ModelNotFoundException(
                $"model: no model named {Distillery.Grpc.ClientValue.Quote(name ?? string.Empty)} is served here; the models are {string.Join(", ", _configured.Select(model => model.Name))}");
        }

        return state switch
        {
            { Engine: { } engine } => engine,
            // Why is in the service's log: the failure's message may name the model's file, which callers must not see.
            { Failure: not null } => throw new ModelNotLoadedException($"model '{name}' failed to load; the Inference service's log says why"),
            _ => throw new ModelNotLoadedException($"model '{name}' is still loading"),
        };
    }

    internal void Loaded(ModelEngine engine)
    {
        _states[engine.Name] = _states[engine.Name] with { Engine = engine };
        if (AllLoaded)
        {
            _allLoaded.TrySetResult();
        }
    }

    internal void Failed(string name, Exception failure)
    {
        _states[name] = _states[name] with { Failure = failure };
        _allLoaded.TrySetException(new ModelNotLoadedException($"model '{name}' failed to load: {failure.Message}", failure));
    }

    public void Dispose()
    {
        foreach (var state in _states.Values)
        {
            state.Engine?.Dispose();
        }
    }
}
