namespace Distillery.Llama.Native;

/// <summary>
/// Marks a struct that mirrors a C struct of llama.cpp's headers, named here without its
/// <c>struct</c> keyword. Its fields are declared in the C order under the C names in PascalCase
/// (<c>n_gpu_layers</c> is <c>NGpuLayers</c>), which is what lets the layout test compile a C
/// program printing <c>offsetof</c> of every field and compare it with this declaration.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
internal sealed class NativeStructAttribute(string cName) : Attribute
{
    public string CName { get; } = cName;
}
