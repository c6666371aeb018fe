// An MSBuild task (compiled by RoslynCodeTaskFactory, see Directory.Build.targets): marks one
// symbol-version requirement of ELF shared libraries weak (VER_FLG_WEAK in the vna_flags of its
// .gnu.version_r entry), in place. TorchSharp's libLibTorchSharp.so asks for GLIBCXX_3.4.32 for one
// symbol it never calls (_ZSt21ios_base_library_initv); Debian 12's libstdc++ stops at 3.4.30, so
// the loader refuses the library unless that requirement is weak. Idempotent: a file already weak,
// or without the requirement, is left untouched. Written in C# so the SDK image needs no Python.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenVersionRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6FFFFFFE;
    private const ushort VerFlgWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; }

    [Required]
    public string Version { get; set; }

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                Log.LogMessage(MessageImportance.Normal, "{0}: {1} {2}", path, Version, Weaken(path, Version));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException || e is ArgumentOutOfRangeException)
            {
                Log.LogError("could not mark {0} weak in {1}: {2}", Version, path, e.Message);
            }
        }

        return !Log.HasLoggedErrors;
    }

    private static string Weaken(string path, string version)
    {
        var data = File.ReadAllBytes(path);
        if (data.Length < 64 || data[0] != 0x7F || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F' || data[4] != 2 || data[5] != 1)
        {
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        }

        var sectionOffset = checked((int)BitConverter.ToUInt64(data, 0x28));
        var sectionSize = BitConverter.ToUInt16(data, 0x3A);
        var sectionCount = BitConverter.ToUInt16(data, 0x3C);
        int found = 0, changed = 0;
        for (var i = 0; i < sectionCount; i++)
        {
            var header = sectionOffset + (i * sectionSize);
            if (BitConverter.ToUInt32(data, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var offset = checked((int)BitConverter.ToUInt64(data, header + 0x18));
            var link = BitConverter.ToUInt32(data, header + 0x28);
            var needCount = BitConverter.ToUInt32(data, header + 0x2C);
            var strings = checked((int)BitConverter.ToUInt64(data, sectionOffset + ((int)link * sectionSize) + 0x18));
            var need = offset;
            for (var n = 0; n < needCount; n++)
            {
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
                var auxCount = BitConverter.ToUInt16(data, need + 2);
                var aux = need + (int)BitConverter.ToUInt32(data, need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                    var flags = BitConverter.ToUInt16(data, aux + 4);
                    if (CString(data, strings + (int)BitConverter.ToUInt32(data, aux + 8)) == version)
                    {
                        found++;
                        if ((flags & VerFlgWeak) == 0)
                        {
                            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(data, aux + 4);
                            changed++;
                        }
                    }

                    var nextAux = BitConverter.ToUInt32(data, aux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    aux += (int)nextAux;
                }

                var next = BitConverter.ToUInt32(data, need + 12);
                if (next == 0)
                {
                    break;
                }

                need += (int)next;
            }
        }

        if (changed == 0)
        {
            return found > 0 ? "already weak" : "not required";
        }

        // Written beside, then renamed over: a reader never sees half a file.
        var temporary = path + ".weak.tmp";
        File.WriteAllBytes(temporary, data);
        File.Replace(temporary, path, null);
        return "marked weak";
    }

    private static string CString(byte[] data, int offset)
    {
        var end = Array.IndexOf(data, (byte)0, offset);
        return Encoding.ASCII.GetString(data, offset, end - offset);
    }
}
