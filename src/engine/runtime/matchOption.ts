import type { QuickReply } from "../types.ts";

const OPTION_NUMBER = /^\d{1,2}$/;

/**
 * The option a reply picks: its label (any case, surrounding spaces ignored), else its value,
 * else its number as shown to the customer ("2" is the second option). Labels win over values
 * and values over numbers, so an option labelled "1" is picked by typing "1".
 */
export function matchOption(options: readonly QuickReply[], text: string): QuickReply | undefined {
  const reply = text.trim().toLocaleLowerCase();
  const byLabel = options.find((option) => option.label.trim().toLocaleLowerCase() === reply);
  if (byLabel !== undefined) return byLabel;
  const byValue = options.find((option) => option.value.trim().toLocaleLowerCase() === reply);
  if (byValue !== undefined || !OPTION_NUMBER.test(reply)) return byValue;
  return options[Number(reply) - 1];
}
