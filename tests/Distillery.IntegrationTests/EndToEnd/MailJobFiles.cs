namespace Distillery.IntegrationTests.EndToEnd;

/// <summary>
/// A one-task spam/ham job for <c>distillery run</c>: obvious spam every third document, meeting
/// notes otherwise, one few-shot example, and the teacher block the test gives.
/// </summary>
internal static class MailJobFiles
{
    /// <summary>Writes mail.jsonl, task.yaml and job.yaml into <paramref name="folder"/>; returns the job's path.</summary>
    public static string Write(string folder, string name, string teacher, (int Validation, int Pool, int Test) splits, string arms = "[human-student, teacher-student, teacher]")
    {
        // A quarter more documents than the splits take, as real corpora have unused ones.
        var documents = (splits.Validation + splits.Pool + splits.Test) * 5 / 4;
        var lines = Enumerable.Range(0, documents).Select(i => i % 3 == 0
            ? $$"""{"id": "m{{i}}", "text": "WIN a prize today, offer {{i}}", "label": "spam"}"""
            : $$"""{"id": "m{{i}}", "text": "Notes from the meeting number {{i}}", "label": "ham"}""");
        File.WriteAllLines(Path.Combine(folder, "mail.jsonl"), lines);
        File.WriteAllText(Path.Combine(folder, "task.yaml"), $"""
            name: mail
            codebook:
              instructions: Decide whether the e-mail is spam.
              labels:
                - name: spam
                  definition: Unsolicited bulk e-mail.
                - name: ham
                  definition: Mail the recipient wanted.
              positive_label: spam
              examples:
                - text: WIN a cruise now
                  label: spam
            data:
              path: mail.jsonl
            splits:
              validation: {splits.Validation}
              training_pool: {splits.Pool}
              test: {splits.Test}
            seed: 5
            """);
        var job = Path.Combine(folder, "job.yaml");
        File.WriteAllText(job, $"""
            name: {name}
            seed: 1
            output: out
            tasks:
              - file: task.yaml
            {teacher}
            students:
              - kind: tfidf-logreg
                min_df: 1
            arms: {arms}
            bootstrap:
              resamples: 100
            """);
        return job;
    }
}
