using System.Net;
using System.Net.Sockets;
using Distillery.Contracts.Grpc.V1;
using Distillery.IntegrationTests.Distributed;
using Distillery.IntegrationTests.Grpc;
using Distillery.IntegrationTests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace Distillery.IntegrationTests.Security;

/// <summary>
/// What the outside probe sent to Submit, and what it must get back: a teacher endpoint is the
/// operator's choice (a job names a registered endpoint, never a URL or an environment
/// variable); teacher and student settings are checked by their owners' validators before
/// anything is stored; control characters in names, ids and labels are refused naming the
/// field; and a refused Submit leaves no row behind.
/// </summary>
public sealed class SubmitCheckTests
{
    [PostgresFact]
    public async Task A_free_teacher_url_or_environment_variable_is_refused_at_submit_naming_the_field_and_nothing_is_called_or_stored()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/v1";
        await using var coordinator = await CoordinatorServer.StartAsync("--Distillery:Labeling:Endpoints:openai:Kind=OpenAi");
        var before = await coordinator.RowCountsAsync();

        await AssertRefused(coordinator, Teacher("openai", ("model", "gpt-x"), ("base_url", url)), "spec.teacher.settings.base_url");
        await AssertRefused(coordinator, Teacher("openai", ("model", "gpt-x"), ("api_key_env", "PATH")), "spec.teacher.settings.api_key_env");
        await AssertRefused(coordinator, Teacher("openai", ("model", "gpt-x"), ("base_url", "file:///etc/passwd")), "spec.teacher.settings.base_url");
        await AssertRefused(coordinator, Teacher("local", ("model", "tiny"), ("address", url)), "spec.teacher.settings.address");
        // The second teacher goes through the same check.
        await AssertRefused(coordinator, SecondTeacher("openai", ("model", "gpt-x"), ("base_url", url)), "spec.second_teacher.settings.base_url");
        var unknown = await AssertRefused(coordinator, Teacher("openai", ("model", "gpt-x"), ("endpoint", "attacker")), "spec.teacher.settings.endpoint");
        Assert.Contains("'openai'", unknown.Status.Detail, StringComparison.Ordinal);

        Assert.Equal(before, await coordinator.RowCountsAsync());
        await Task.Delay(500);
        Assert.False(listener.Pending(), "something connected to the job's URL");

        // The registered endpoint is what a job names.
        var accepted = await Submit(coordinator, Teacher("openai", ("model", "gpt-x"), ("endpoint", "openai")));
        Assert.True(Guid.TryParse(accepted.JobId, out _));
    }

    [PostgresFact]
    public async Task Teacher_and_student_settings_are_checked_at_submit_by_their_own_validators()
    {
        await using var coordinator = await CoordinatorServer.StartAsync();
        var before = await coordinator.RowCountsAsync();

        await AssertRefused(coordinator, Teacher("simulated", ("flip_rate", "abc")), "spec.teacher.settings.flip_rate");
        await AssertRefused(coordinator, SecondTeacher("simulated", ("flip_rate", "abc")), "spec.second_teacher.settings.flip_rate");
        var twin = await AssertRefused(coordinator, request => request.Spec.SecondTeacher = request.Spec.Teacher.Clone(), "spec.second_teacher.name");
        Assert.Contains("name of its own", twin.Status.Detail, StringComparison.Ordinal);
        await AssertRefused(coordinator, request => request.Spec.Arms.Add("second-teacher"), "spec.arms[1]");
        await AssertRefused(coordinator, Student(("C", "-1")), "spec.students[0].settings.C");
        await AssertRefused(coordinator, Student(("colour", "blue")), "spec.students[0].settings.colour");
        await AssertRefused(coordinator, Student(("ngram_max", "9")), "spec.students[0].settings.ngram_max");
        await AssertRefused(coordinator, Teacher("replay", ("path", "labels-{task}.csv"), ("colour", "blue")), "spec.teacher.settings.colour");
        await AssertRefused(coordinator, Teacher("replay"), "spec.teacher.settings.path");
        await AssertRefused(coordinator, request => request.Spec.Tasks[0].Documents[2].Replayed["nobody"] = new ReplayedLabel { Label = "sport" },
            "spec.tasks[0].documents[2].replayed");
        await AssertRefused(coordinator, Ablation(["no-such-task"], [0, 0.2]), "spec.ablation.tasks[0]");
        await AssertRefused(coordinator, Ablation([null, null], [0, 0.2]), "spec.ablation.tasks[1]");
        await AssertRefused(coordinator, Ablation([null], [0.1]), "spec.ablation.noise_rates");
        await AssertRefused(coordinator, Ablation([null], [0, 0.7]), "spec.ablation.noise_rates[1]");
        await AssertRefused(coordinator, Ablation([null], [0.2, 0.2]), "spec.ablation.noise_rates[1]");
        await AssertRefused(coordinator, Ablation([null], [0, 0.2], student: "nobody"), "spec.ablation.student");

        Assert.Equal(before, await coordinator.RowCountsAsync());
    }

    [PostgresFact]
    public async Task Control_characters_in_names_ids_and_labels_are_refused_naming_the_field_and_a_refused_submit_leaves_no_row()
    {
        await using var coordinator = await CoordinatorServer.StartAsync();
        var before = await coordinator.RowCountsAsync();

        await AssertRefused(coordinator, request => request.Spec.Name = "job\0name", "spec.name");
        await AssertRefused(coordinator, request => request.Spec.Tasks[0].Documents[3].Id = "d\0", "spec.tasks[0].documents[3].id");
        await AssertRefused(coordinator, request => request.Spec.Tasks[0].Documents[5].Group = "g\u0001", "spec.tasks[0].documents[5].group");
        await AssertRefused(coordinator, request =>
        {
            request.Spec.Tasks[0].Codebook.Labels[1].Name = "mo\0ney";
            foreach (var document in request.Spec.Tasks[0].Documents.Where(document => document.HumanLabel == "money"))
            {
                document.HumanLabel = "mo\0ney";
            }
        }, "spec.tasks[0].codebook.labels[1].name");
        await AssertRefused(coordinator, request => request.Spec.Teacher.Name = "teacher\u001b[31m", "spec.teacher.name");
        await AssertRefused(coordinator, request => request.Spec.Students[0].Settings["min_df\0"] = "1", "spec.students[0].settings");

        Assert.Equal(before, await coordinator.RowCountsAsync());

        // A NUL inside a document's text is data, not a name: stored as U+FFFD, as before.
        var accepted = await Submit(coordinator, request => request.Spec.Tasks[0].Documents[0].Text += " \0 end");
        Assert.True(Guid.TryParse(accepted.JobId, out _));
    }

    [PostgresFact]
    public async Task An_oversized_submit_is_resource_exhausted_at_any_size_garbage_is_invalid_argument_and_no_error_echoes_a_huge_id()
    {
        await using var coordinator = await CoordinatorServer.StartAsync($"--Distillery:Grpc:MaxReceiveMessageSize={48 * 1024 * 1024}");

        // 35 MB inline: past Kestrel's default request body limit (30,000,000 bytes), inside ours.
        var large = await Submit(coordinator, request => Fill(request, documents: 3_500, bytesEach: 10_000));
        Assert.True(Guid.TryParse(large.JobId, out _));

        var tooLarge = await Assert.ThrowsAsync<RpcException>(() => Submit(coordinator, request => Fill(request, documents: 6_000, bytesEach: 10_000)));
        Assert.Equal(StatusCode.ResourceExhausted, tooLarge.StatusCode);

        var garbage = await RawCall.UnaryAsync(coordinator.Address, "/distillery.v1.Jobs/Submit", [0xff, 0xff, 0xff, 0x07, 0x0a, 0x80], CoordinatorServer.Alice);
        Assert.Equal(StatusCode.InvalidArgument, garbage.Status);

        var hugeId = new string('7', 100_000);
        var notAnId = await Assert.ThrowsAsync<RpcException>(() => GrpcClients.Jobs(coordinator.Channel).GetAsync(new GetJobRequest { JobId = hugeId }, CoordinatorServer.Call()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, notAnId.StatusCode);
        Assert.StartsWith("job_id:", notAnId.Status.Detail, StringComparison.Ordinal);
        Assert.True(notAnId.Status.Detail.Length < 300, $"the message is {notAnId.Status.Detail.Length} characters long");

        var hugeDocumentId = await Assert.ThrowsAsync<RpcException>(() => Submit(coordinator, request =>
        {
            request.Spec.Tasks[0].Documents[0].Id = hugeId;
            request.Spec.Tasks[0].Documents[1].Id = hugeId;
        }));
        Assert.Equal(StatusCode.InvalidArgument, hugeDocumentId.StatusCode);
        Assert.True(hugeDocumentId.Message.Length < 300, $"the message is {hugeDocumentId.Message.Length} characters long");
    }


    private static Task<SubmitJobResponse> Submit(CoordinatorServer coordinator, Action<SubmitJobRequest> change)
    {
        var request = DistributedJobs.Request("submit-check", _ => { });
        change(request);
        return GrpcClients.Jobs(coordinator.Channel).SubmitAsync(request, CoordinatorServer.Call()).ResponseAsync;
    }

    private static async Task<RpcException> AssertRefused(CoordinatorServer coordinator, Action<SubmitJobRequest> change, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Submit(coordinator, change));
        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{error.StatusCode}: {error.Status.Detail}");
        Assert.StartsWith($"{field}:", error.Status.Detail, StringComparison.Ordinal);
        return error;
    }

    private static Action<SubmitJobRequest> Teacher(string kind, params (string Key, string Value)[] settings) => request =>
    {
        request.Spec.Teacher = new Component { Kind = kind, Name = kind };
        foreach (var (key, value) in settings)
        {
            request.Spec.Teacher.Settings[key] = value;
        }
    };

    private static Action<SubmitJobRequest> SecondTeacher(string kind, params (string Key, string Value)[] settings) => request =>
    {
        request.Spec.SecondTeacher = new Component { Kind = kind, Name = "second" };
        request.Spec.Arms.Add("second-teacher");
        foreach (var (key, value) in settings)
        {
            request.Spec.SecondTeacher.Settings[key] = value;
        }
    };

    /// <summary>A noise ablation; a null task is the request's first task.</summary>
    private static Action<SubmitJobRequest> Ablation(string?[] tasks, double[] rates, string? student = null) => request =>
    {
        request.Spec.Ablation = new AblationSpec { Student = student ?? (request.Spec.Students[0].Name is { Length: > 0 } name ? name : request.Spec.Students[0].Kind) };
        request.Spec.Ablation.Tasks.AddRange(tasks.Select(task => task ?? request.Spec.Tasks[0].Name));
        request.Spec.Ablation.NoiseRates.AddRange(rates);
    };

    private static Action<SubmitJobRequest> Student(params (string Key, string Value)[] settings) => request =>
    {
        foreach (var (key, value) in settings)
        {
            request.Spec.Students[0].Settings[key] = value;
        }
    };

    private static void Fill(SubmitJobRequest request, int documents, int bytesEach)
    {
        var filler = new string('x', bytesEach);
        var list = request.Spec.Tasks[0].Documents;
        list.Clear();
        for (var i = 0; i < documents; i++)
        {
            list.Add(new Document { Id = $"big-{i}", Text = $"{(i % 2 == 0 ? "match goal" : "bank loan")} {filler}", HumanLabel = i % 2 == 0 ? "sport" : "money" });
        }
    }
}
