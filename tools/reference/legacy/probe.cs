// Writes the numbers LegacyModelFileTests expects of the legacy_*.safetensors fixtures, computed by the code that
// wrote them (main at 993681f, before the one-model file format). Each fixture was made with that commit's CLI in an
// empty folder:
//   recurrent train --data demo --hidden 8 --steps 6 --eval-every 3 --seq-len 16 --batch 4 --out char_lstm.safetensors
//   recurrent train --data demo --cell gru --layers 2 --embed 4 --dropout 0.1 --hidden 6 --steps 4 --seq-len 8 --batch 2 --eval-every 0 --out char_gru_embed.safetensors
//   recurrent task adding --length 10 --hidden 4 --steps 3 --eval-every 3 --test-size 20 --batch 4 --out task_adding.safetensors
//   recurrent task temporal-order --length 12 --cell rnn --layers 2 --hidden 5 --steps 3 --eval-every 3 --test-size 20 --batch 4 --out task_temporal_order.safetensors
//   cp char_lstm.safetensors resume_src.safetensors
//   recurrent train --resume resume_src.safetensors --data demo --steps 9 --out char_lstm_resumed9.safetensors
// then, with the #:project line below pointing at a worktree of 993681f (git worktree add /tmp/baseline 993681f):
//   dotnet run probe.cs
// It prints SHA-256s of every parameter's float32 bytes, of the logits after "Wake Tess" and of a task batch's outputs.
#:project /tmp/baseline/src/Recurrent/Recurrent.csproj
#:property TreatWarningsAsErrors=false
#:property PublishAot=false
#:property JsonSerializerIsReflectionEnabledByDefault=true
using System.Security.Cryptography;
using Recurrent.Data;
using Recurrent.Generation;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tasks;
using Recurrent.Training;

static string Hex(ReadOnlySpan<float> v) => string.Join(",", v.ToArray().Select(x => BitConverter.SingleToInt32Bits(x).ToString("x8")));
static string Sha(float[] v) => Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan())));
foreach (var name in new[] { "char_lstm", "char_gru_embed", "char_lstm_resumed9" })
{
    var m = Checkpoint.Load(name + ".safetensors");
    var s = new Sampler<float>(m.Network);
    foreach (int t in m.Vocabulary.Encode("Wake Tess")) s.Feed(t);
    double loss = Evaluation.MeanCrossEntropy(m.Network, m.Vocabulary.Encode("WAKE TESSA: The sea is long."));
    Console.WriteLine($"{name} params {Sha(m.Network.Parameters.Values)} loss {loss:R}");
    Console.WriteLine($"{name} logits {Sha(s.Logits.ToArray())}");
}
foreach (var name in new[] { "task_adding", "task_temporal_order" })
{
    var (task, model) = TaskModelFile.Load(name + ".safetensors");
    var ws = model.CreateWorkspace(task.Length, 3, forBackward: false);
    task.NewBatch(new Rng(7), 3).CopyTo(ws);
    model.Forward(ws, task.Length, model.CreateState(3));
    Console.WriteLine($"{name} params {Sha(model.Parameters.Values)} outputs {Sha(ws.Outputs)}");
}
