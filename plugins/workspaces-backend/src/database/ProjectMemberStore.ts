import { Knex } from 'knex';

/**
 * Who is assigned to each project, copied from the catalog so that the
 * permission rule IS_PROJECT_MEMBER can filter in SQL.
 */
export class ProjectMemberStore {
  constructor(private readonly knex: Knex) {}

  /** Replaces the members of one project. */
  async setMembers(projectRef: string, memberRefs: string[]): Promise<void> {
    await this.knex.transaction(async trx => {
      await trx('workspace_project_members')
        .where({ project_ref: projectRef })
        .delete();
      if (memberRefs.length > 0) {
        // two requests of one project may set its members at once: the
        // later insert finds the earlier one's rows, which are the same
        await trx('workspace_project_members')
          .insert(
            [...new Set(memberRefs)].map(memberRef => ({
              project_ref: projectRef,
              member_ref: memberRef,
            })),
          )
          .onConflict(['project_ref', 'member_ref'])
          .ignore();
      }
    });
  }

  /**
   * Replaces the members of every project in `projects`, and forgets projects
   * that are no longer in the catalog.
   */
  async setAllMembers(projects: Map<string, string[]>): Promise<void> {
    await this.knex.transaction(async trx => {
      await trx('workspace_project_members').delete();
      const rows = [...projects].flatMap(([projectRef, memberRefs]) =>
        [...new Set(memberRefs)].map(memberRef => ({
          project_ref: projectRef,
          member_ref: memberRef,
        })),
      );
      // batches keep SQLite under its limit of bound variables
      for (let i = 0; i < rows.length; i += 400) {
        await trx('workspace_project_members')
          .insert(rows.slice(i, i + 400))
          .onConflict(['project_ref', 'member_ref'])
          .ignore();
      }
    });
  }

  async getMembers(projectRefs: string[]): Promise<Map<string, string[]>> {
    const rows: Array<{ project_ref: string; member_ref: string }> =
      await this.knex('workspace_project_members').whereIn(
        'project_ref',
        projectRefs,
      );
    const members = new Map<string, string[]>();
    for (const row of rows) {
      members.set(row.project_ref, [
        ...(members.get(row.project_ref) ?? []),
        row.member_ref,
      ]);
    }
    return members;
  }
}
