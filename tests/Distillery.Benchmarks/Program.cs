using Distillery.Benchmarks;

// Usage: Distillery.Benchmarks students [data-folder] [repeats] | grpc [seconds] | grpc-server (the benchmark's own child process)
return args.FirstOrDefault() switch
{
    "grpc" => await GrpcBenchmark.RunAsync(TimeSpan.FromSeconds(double.Parse(args.ElementAtOrDefault(1) ?? "10", System.Globalization.CultureInfo.InvariantCulture))),
    "grpc-server" => await Distillery.Benchmarks.Grpc.OurBenchServer.ServeAsync(),
    "students" => StudentsBenchmark.Run(args.ElementAtOrDefault(1) ?? Path.Combine("data", "benchmark"), int.Parse(args.ElementAtOrDefault(2) ?? "3", System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Distillery.Benchmarks students [data-folder] [repeats] | grpc [seconds]");
    return 2;
}
