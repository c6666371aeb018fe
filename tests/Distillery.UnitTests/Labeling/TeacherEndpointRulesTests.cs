using Distillery.Domain.Jobs;
using Distillery.Domain.Specs;
using Distillery.Domain.Tasks;
using Distillery.Labeling.Endpoints;
using Distillery.Labeling.Teachers;

namespace Distillery.UnitTests.Labeling;

/// <summary>
/// Where a job's teacher may be: in a cluster only at an endpoint its operator registered (no URL,
/// no environment variable of the job's own); on the user's machine anywhere; and a client that
/// submits to a cluster leaves the endpoint names and keys to the cluster.
/// </summary>
public sealed class TeacherEndpointRulesTests
{
    private static readonly TeacherEndpoints Cluster = new(
        new Dictionary<string, TeacherEndpointOptions>
        {
            ["openai"] = new() { Kind = TeacherEndpointKind.OpenAi, BaseUrl = "https://api.openai.com/v1", ApiKey = "sk-operator" },
        },
        allowJobEndpoints: false);

    private static readonly TeacherEndpoints Local = new(new Dictionary<string, TeacherEndpointOptions>(), allowJobEndpoints: true, name => name == "MY_KEY" ? "sk-user" : null);

    [Theory]
    [InlineData("base_url: http://127.0.0.1:18099/v1", "base_url")]
    [InlineData("api_key_env: PATH", "api_key_env")]
    [InlineData("endpoint: elsewhere", "not a registered OpenAi endpoint")]
    public void A_cluster_refuses_a_job_that_chooses_where_its_documents_and_keys_go(string setting, string named)
    {
        var error = Assert.Throws<SpecException>(() => Check(Cluster, setting, requireKeys: false));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_takes_a_job_that_names_a_registered_endpoint()
    {
        Check(Cluster, "endpoint: openai", requireKeys: true);
    }

    [Fact]
    public void On_the_users_machine_a_job_may_give_a_url_and_read_its_key_from_the_users_environment()
    {
        Check(Local, "base_url: http://127.0.0.1:8080/v1\n  api_key_env: MY_KEY", requireKeys: true);
        var error = Assert.Throws<SpecException>(() => Check(Local, "base_url: http://127.0.0.1:8080/v1\n  api_key_env: NOT_SET", requireKeys: true));
        Assert.Contains("NOT_SET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_submitting_to_a_cluster_leaves_endpoint_names_and_keys_to_the_cluster_but_refuses_urls()
    {
        // distillery submit checks with TeacherFactory.Validate before it sends anything.
        TeacherFactory.Validate(Spec("endpoint: stand-in"), [], "/jobs", TeacherEndpoints.ClientSide);

        var error = Assert.Throws<SpecException>(() => TeacherFactory.Validate(Spec("base_url: http://127.0.0.1:18099/v1"), [], "/jobs", TeacherEndpoints.ClientSide));
        Assert.Contains("base_url", error.Message, StringComparison.Ordinal);
    }

    private static void Check(TeacherEndpoints endpoints, string setting, bool requireKeys) =>
        TeacherFactory.ValidateSettings(Spec(setting), [], endpoints, requireKeys);

    private static ComponentSpec Spec(string setting)
    {
        var node = SpecFile.Parse($"teacher:\n  kind: openai\n  model: gpt-4o-mini\n  {setting}\n", "job.yaml").Required("teacher");
        return new ComponentSpec("openai", "gpt-4o-mini", node);
    }
}
