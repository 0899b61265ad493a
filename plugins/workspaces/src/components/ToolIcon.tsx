import { WorkspaceTool } from '@backstage-workspaces/plugin-workspaces-common';
import CodeIcon from '@material-ui/icons/Code';
import LanguageIcon from '@material-ui/icons/Language';
import MenuBookIcon from '@material-ui/icons/MenuBook';
import BarChartIcon from '@material-ui/icons/BarChart';
import TimelineIcon from '@material-ui/icons/Timeline';

const icons: Record<WorkspaceTool['type'], typeof CodeIcon> = {
  jupyterlab: MenuBookIcon,
  vscode: CodeIcon,
  tensorboard: TimelineIcon,
  rstudio: BarChartIcon,
  http: LanguageIcon,
};

/** The icon of a kind of tool. */
export function ToolIcon(props: {
  type: WorkspaceTool['type'];
  fontSize?: 'small' | 'inherit';
}) {
  const Icon = icons[props.type] ?? LanguageIcon;
  return <Icon fontSize={props.fontSize ?? 'small'} />;
}
