namespace Distillery.Grpc;

/// <summary>
/// A value the client sent, as an error message may quote it: in full when short, else its
/// beginning and its length. Messages travel in a response header (<c>grpc-message</c>), which a
/// client's header limit bounds; echoing a 100 KB id back would break the client, not inform it.
/// </summary>
public static class ClientValue
{
    private const int Shown = 48;

    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= Shown ? $"'{value}'" : $"'{value[..Shown]}…' ({value.Length} characters)";
    }
}
