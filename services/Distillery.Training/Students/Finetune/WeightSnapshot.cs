using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Distillery.Training.Students.Finetune;

/// <summary>
/// A copy of some parameters' values (the best epoch's), in tensors this class owns: copied under
/// <c>no_grad</c> rather than through <c>detach()</c>, whose handles were left to the finaliser,
/// and allocated once however often a better epoch comes.
/// </summary>
internal sealed class WeightSnapshot(IReadOnlyList<Parameter> parameters) : IDisposable
{
    private Tensor[]? _copies;

    public bool Taken => _copies is not null;

    /// <summary>Copies the parameters' current values.</summary>
    public void Take()
    {
        using var noGrad = no_grad();
        _copies ??= [.. parameters.Select(p => empty_like(p).DetachFromDisposeScope())];
        for (var i = 0; i < parameters.Count; i++)
        {
            _copies[i].copy_(parameters[i]);
        }
    }

    /// <summary>Puts the values of the last <see cref="Take"/> back into the parameters.</summary>
    public void Restore()
    {
        if (_copies is null)
        {
            return;
        }

        using var noGrad = no_grad();
        for (var i = 0; i < parameters.Count; i++)
        {
            parameters[i].copy_(_copies[i]);
        }
    }

    public void Dispose()
    {
        foreach (var copy in _copies ?? [])
        {
            copy.Dispose();
        }

        _copies = null;
    }
}
