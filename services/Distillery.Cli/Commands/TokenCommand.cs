using System.CommandLine;
using Distillery.ServiceDefaults.Security;

namespace Distillery.Cli.Commands;

/// <summary>
/// <c>distillery token new [--name N] [--operator]</c>: a new random bearer token for a caller, and
/// the principal entry for the server's configuration, which holds only the token's SHA-256.
/// <c>distillery token hash</c> reads a token on standard input and prints its SHA-256.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "The principal's name (jobs belong to it)", DefaultValueFactory = _ => "researcher" };
        var isOperator = new Option<bool>("--operator") { Description = "Give the principal the operator role (sees and cancels every job)" };
        var create = new Command("new", "Print a new token (for the caller) and its principal entry (for the server's principals file)") { name, isOperator };
        create.SetAction(parse =>
        {
            var token = BearerTokens.New();
            var roles = parse.GetValue(isOperator) ? $"\"{DistilleryRoles.Operator}\"" : "";
            Console.Error.WriteLine("token (give it to the caller, e.g. DISTILLERY_TOKEN; it is shown once):");
            Console.WriteLine(token);
            Console.Error.WriteLine("principal (for the server: Distillery:Auth:PrincipalsFile, or Distillery:Auth:Principals:<n>):");
            Console.WriteLine($"{{\"name\": \"{parse.GetValue(name)}\", \"tokenSha256\": \"{BearerTokens.Sha256(token)}\", \"roles\": [{roles}]}}");
            return 0;
        });
        var hash = new Command("hash", "Read a token on standard input and print its SHA-256, as a principal's TokenSha256");
        hash.SetAction(_ =>
        {
            Console.WriteLine(BearerTokens.Sha256(Console.In.ReadToEnd().Trim()));
            return 0;
        });
        return new Command("token", "Bearer tokens for the APIs, and the hashes servers keep of them") { create, hash };
    }
}
