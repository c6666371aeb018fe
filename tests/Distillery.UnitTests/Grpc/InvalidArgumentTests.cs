using Distillery.Grpc;
using Grpc.Core;

namespace Distillery.UnitTests.Grpc;

/// <summary>INVALID_ARGUMENT as clients see it: the field in the message and in a google.rpc.BadRequest.</summary>
public sealed class InvalidArgumentTests
{
    [Fact]
    public void A_field_is_named_in_the_message_and_in_the_details()
    {
        var error = InvalidArgument.Field("task.labels", "must not be empty");

        Assert.Equal((StatusCode.InvalidArgument, "field 'task.labels': must not be empty"), (error.StatusCode, error.Status.Detail));
        var violation = Assert.Single(InvalidArgument.Violations(error));
        Assert.Equal(("task.labels", "must not be empty"), (violation.Field, violation.Description));
    }

    [Theory]
    [InlineData("spec.tasks[0].codebook.labels[1].name: 'x' appears twice", "spec.tasks[0].codebook.labels[1].name")]
    [InlineData("job_id: 'abc' is not a job id (a UUID)", "job_id")]
    [InlineData("the request is odd", null)]
    public void A_message_keeps_its_words_and_the_field_it_starts_with_goes_into_the_details(string message, string? field)
    {
        var error = InvalidArgument.FromMessage(message);

        Assert.Equal(message, error.Status.Detail);
        Assert.Equal(field, InvalidArgument.Violations(error).SingleOrDefault()?.Field);
    }
}
