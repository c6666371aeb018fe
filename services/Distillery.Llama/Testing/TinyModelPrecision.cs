namespace Distillery.Llama.Testing;

/// <summary>The type a synthetic model's weight matrices are stored in (norms are always F32).</summary>
public enum TinyModelPrecision
{
    F32,

    /// <summary>Half the size and closer to how real models run; for the larger benchmark model.</summary>
    F16,
}
