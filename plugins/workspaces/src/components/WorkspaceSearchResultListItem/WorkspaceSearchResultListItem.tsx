import { parseEntityRef } from '@backstage/catalog-model';
import { Link } from '@backstage/core-components';
import { ResultHighlight } from '@backstage/plugin-search-common';
import { HighlightedSearchResultText } from '@backstage/plugin-search-react';
import { WorkspaceSearchDocument } from '@backstage-workspaces/plugin-workspaces-common';
import {
  Box,
  Chip,
  ListItemIcon,
  ListItemText,
  makeStyles,
} from '@material-ui/core';
import { ReactNode } from 'react';
import { useWorkspacesTranslation } from '../../translation';

const useStyles = makeStyles(
  {
    item: { display: 'flex' },
    flexContainer: { flexWrap: 'wrap' },
    itemText: { width: '100%', wordBreak: 'break-all', marginBottom: '1rem' },
  },
  { name: 'WorkspaceSearchResultListItem' },
);

/** The name of an entity ref, or the ref itself when it is not one. */
function nameOf(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

/**
 * Props of {@link WorkspaceSearchResultListItem}.
 * @public
 */
export interface WorkspaceSearchResultListItemProps {
  /** The search result's document (type `workspace`). */
  result?:
    | WorkspaceSearchDocument
    | { title: string; text: string; location: string };
  highlight?: ResultHighlight;
  rank?: number;
  icon?: ReactNode;
}

/**
 * A workspace in the search page's results, as Backstage shows catalog
 * entities: its name linking to its details page, then its project,
 * environment, creator and status, all as text.
 * @public
 */
export function WorkspaceSearchResultListItem(
  props: WorkspaceSearchResultListItemProps,
) {
  const classes = useStyles();
  const { t } = useWorkspacesTranslation();
  const { highlight, icon } = props;
  const result = props.result as Partial<WorkspaceSearchDocument> | undefined;
  if (!result) return null;
  const facts = [
    result.project &&
      t('searchResult.project', { project: nameOf(result.project) }),
    result.environment &&
      t('searchResult.environment', { environment: result.environment }),
    result.createdBy &&
      t('searchResult.createdBy', { user: nameOf(result.createdBy) }),
    result.status &&
      t('searchResult.status', { status: t(`status.${result.status}`) }),
  ].flatMap(fact => (fact ? [String(fact)] : []));
  return (
    <div className={classes.item}>
      {icon && <ListItemIcon>{icon}</ListItemIcon>}
      <div className={classes.flexContainer}>
        <ListItemText
          className={classes.itemText}
          primaryTypographyProps={{ variant: 'h6' }}
          primary={
            <Link noTrack to={result.location ?? ''}>
              {highlight?.fields.title ? (
                <HighlightedSearchResultText
                  text={highlight.fields.title}
                  preTag={highlight.preTag}
                  postTag={highlight.postTag}
                />
              ) : (
                result.title
              )}
            </Link>
          }
          secondary={
            highlight?.fields.text ? (
              <HighlightedSearchResultText
                text={highlight.fields.text}
                preTag={highlight.preTag}
                postTag={highlight.postTag}
              />
            ) : (
              result.text
            )
          }
        />
        <Box>
          {facts.map(fact => (
            <Chip key={fact} label={fact} size="small" />
          ))}
        </Box>
      </div>
    </div>
  );
}
