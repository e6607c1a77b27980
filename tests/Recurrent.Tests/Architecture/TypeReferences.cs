// Every type a type of the library refers to, read from the compiled assembly rather than from the source (a using
// directive can be missing where a fully qualified name or a sibling namespace is used): its base type and
// interfaces, its fields, the signatures of its methods and properties, and every type, method and field token in
// their IL bodies, with generic arguments, arrays and pointers unwrapped.
using System.Reflection;
using System.Reflection.Emit;

namespace Recurrent.Tests.Architecture;

internal static class TypeReferences
{
    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(op => op.Value);

    /// <summary>The types <paramref name="type"/> (with its nested and compiler-made types) refers to.</summary>
    public static IEnumerable<Type> Of(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null)
                return;
            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }
            if (t.IsGenericParameter || !found.Add(t))
                return;
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                Add(t.GetGenericTypeDefinition());
                foreach (var argument in t.GetGenericArguments())
                    Add(argument);
            }
        }

        Add(type.BaseType);
        foreach (var face in type.GetInterfaces())
            Add(face);
        foreach (var field in type.GetFields(Everything))
            Add(field.FieldType);
        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info)
                Add(info.ReturnType);
            foreach (var parameter in method.GetParameters())
                Add(parameter.ParameterType);
            foreach (var local in method.GetMethodBody()?.LocalVariables ?? [])
                Add(local.LocalType);
            foreach (var member in BodyTokens(type, method))
            {
                switch (member)
                {
                    case Type t:
                        Add(t);
                        break;
                    case MethodBase m:
                        Add(m.DeclaringType);
                        if (m is MethodInfo mi)
                            Add(mi.ReturnType);
                        if (m.IsGenericMethod)
                            foreach (var argument in m.GetGenericArguments())
                                Add(argument);
                        break;
                    case FieldInfo f:
                        Add(f.DeclaringType);
                        Add(f.FieldType);
                        break;
                }
            }
        }
        return found;
    }

    /// <summary>The members the IL of <paramref name="method"/> names by token (calls, field loads, type operands, ldtoken).</summary>
    private static IEnumerable<MemberInfo> BodyTokens(Type type, MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
            yield break;
        Type[] typeArguments = type.IsGenericType ? type.GetGenericArguments() : [];
        Type[] methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : [];
        var module = method.Module;
        for (int at = 0; at < il.Length;)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var op = OpCodes[value];
            switch (op.OperandType)
            {
                case OperandType.InlineMethod:
                case OperandType.InlineField:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                    int token = BitConverter.ToInt32(il, at);
                    MemberInfo? member = null;
                    try
                    {
                        member = module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                    }
                    if (member is not null)
                        yield return member;
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineBrTarget:
                case OperandType.InlineI:
                case OperandType.InlineSig:
                case OperandType.InlineString:
                case OperandType.ShortInlineR:
                    at += 4;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    at += 1;
                    break;
            }
        }
    }
}
