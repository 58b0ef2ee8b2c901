/**
 * A kind's icon: catalog entries name a lucide icon (`icon: 'split'`); the ones the built-in kinds
 * use are imported by name here (the bundle keeps only these), anything else gets a plain box.
 */
import {
  Bell,
  Bot,
  Box,
  Database,
  DatabaseZap,
  Flag,
  GitMerge,
  Globe,
  Inbox,
  Layers,
  Merge,
  Pause,
  Play,
  Radio,
  Repeat,
  Send,
  Split,
  Tags,
  Timer,
  UserCheck,
  WandSparkles,
  Workflow,
  type LucideIcon,
} from 'lucide-react';
import { memo } from 'react';

const ICONS: Readonly<Record<string, LucideIcon>> = {
  bell: Bell,
  bot: Bot,
  database: Database,
  'database-zap': DatabaseZap,
  flag: Flag,
  'git-merge': GitMerge,
  globe: Globe,
  inbox: Inbox,
  layers: Layers,
  merge: Merge,
  pause: Pause,
  play: Play,
  radio: Radio,
  repeat: Repeat,
  send: Send,
  split: Split,
  tags: Tags,
  timer: Timer,
  'user-check': UserCheck,
  'wand-2': WandSparkles,
  'wand-sparkles': WandSparkles,
  workflow: Workflow,
};

/** The icon component for a lucide icon name (a box for names the studio does not ship). */
export const iconFor = (name: string | undefined): LucideIcon =>
  (name === undefined ? undefined : ICONS[name]) ?? Box;

export const KindIcon = memo(function KindIcon({
  name,
  size = 16,
  className,
}: {
  name: string | undefined;
  size?: number;
  className?: string;
}) {
  const Icon = iconFor(name);
  return <Icon size={size} aria-hidden="true" className={className} strokeWidth={1.75} />;
});
