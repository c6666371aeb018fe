using Distillery.Benchmarks;

// Usage: Distillery.Benchmarks students [data-folder] [repeats] | grpc [seconds] | grpc-server (the benchmark's own child process)
//        | inference [tiny-texts] [benchmark-texts] [threads] | labeling [texts] [threads] (servers from scripts/bench-labeling.sh)
return args.FirstOrDefault() switch
{
    "labeling" => await Distillery.Benchmarks.Labeling.LabelingBenchmark.RunAsync(Number(1, 1500), Number(2, 1)),
    "inference" => await Distillery.Benchmarks.Inference.InferenceBenchmark.RunAsync(Number(1, 256), Number(2, 32), Number(3, 1)),
    "grpc" => await GrpcBenchmark.RunAsync(TimeSpan.FromSeconds(double.Parse(args.ElementAtOrDefault(1) ?? "10", System.Globalization.CultureInfo.InvariantCulture))),
    "grpc-server" => await Distillery.Benchmarks.Grpc.OurBenchServer.ServeAsync(),
    "students" => StudentsBenchmark.Run(args.ElementAtOrDefault(1) ?? Path.Combine("data", "benchmark"), int.Parse(args.ElementAtOrDefault(2) ?? "3", System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

int Number(int position, int fallback) => int.Parse(args.ElementAtOrDefault(position) ?? fallback.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

static int Usage()
{
    Console.Error.WriteLine("usage: Distillery.Benchmarks students [data-folder] [repeats] | grpc [seconds] | inference [tiny-texts] [benchmark-texts] [threads] | labeling [texts] [threads]");
    return 2;
}
