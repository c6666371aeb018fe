namespace Distillery.Llama.Testing;

/// <summary>
/// The chat template written into the synthetic models (<c>tokenizer.chat_template</c>): ChatML,
/// as Qwen and many fine-tunes use, which llama.cpp's <c>llama_chat_apply_template</c> recognises
/// by its <c>&lt;|im_start|&gt;</c> marker.
/// </summary>
public static class TinyChatTemplate
{
    public const string ChatMl =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
}
