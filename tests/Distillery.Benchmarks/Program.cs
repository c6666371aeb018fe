using Distillery.Benchmarks;

// Usage: Distillery.Benchmarks students [data-folder] [repeats] | students-pretrained [data-folder] [key=value ...] | grpc [seconds] | grpc-server (the benchmark's own child process)
//        | inference [tiny-texts] [benchmark-texts] [threads] | labeling [texts] [threads] (servers from scripts/bench-labeling.sh)
return args.FirstOrDefault() switch
{
    "labeling" => await Distillery.Benchmarks.Labeling.LabelingBenchmark.RunAsync(Number(1, 1500), Number(2, 1)),
    "inference" => await Distillery.Benchmarks.Inference.InferenceBenchmark.RunAsync(Number(1, 256), Number(2, 32), Number(3, 1)),
    "grpc" => await GrpcBenchmark.RunAsync(TimeSpan.FromSeconds(double.Parse(args.ElementAtOrDefault(1) ?? "10", System.Globalization.CultureInfo.InvariantCulture))),
    "grpc-server" => await Distillery.Benchmarks.Grpc.OurBenchServer.ServeAsync(),
    "students-pretrained" => await PretrainedStudentsBenchmark.RunAsync(args.ElementAtOrDefault(1) ?? Path.Combine("data", "benchmark"), PretrainedOptions(args.Skip(2).ToArray())),
    "students" => StudentsBenchmark.Run(args.ElementAtOrDefault(1) ?? Path.Combine("data", "benchmark"), int.Parse(args.ElementAtOrDefault(2) ?? "3", System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

int Number(int position, int fallback) => int.Parse(args.ElementAtOrDefault(position) ?? fallback.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

// students-pretrained [data-folder] [tasks=a,b] [finetune-tasks=a,b|all|none] [max-length=256] [finetune-max-length=256] [epochs=3] [threads=1]
static PretrainedSettings PretrainedOptions(string[] options)
{
    var values = options.Select(option => option.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair.ElementAtOrDefault(1) ?? string.Empty, StringComparer.Ordinal);
    HashSet<string>? Set(string key) => values.TryGetValue(key, out var list) && list != "all" ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries)] : null;
    int Whole(string key, int fallback) => values.TryGetValue(key, out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
    return new PretrainedSettings(Set("tasks"), values.GetValueOrDefault("finetune-tasks") == "none" ? [] : Set("finetune-tasks"),
        Whole("max-length", 256), Whole("finetune-max-length", 256), Whole("epochs", 3), Whole("threads", 1));
}

static int Usage()
{
    Console.Error.WriteLine("usage: Distillery.Benchmarks students [data-folder] [repeats] | students-pretrained [data-folder] [tasks=a,b] [finetune-tasks=a,b|all|none] [max-length=N] [finetune-max-length=N] [epochs=N] [threads=N] | grpc [seconds] | inference [tiny-texts] [benchmark-texts] [threads] | labeling [texts] [threads]");
    return 2;
}
