namespace Distillery.Domain.Tasks;

public enum DataFormat
{
    Csv,
    Jsonl,
}
