/** The users of examples/org.yaml, offered on the demo sign-in page. */
export const demoUsers = [
  { name: 'alice', title: 'Alice', group: 'ML team' },
  { name: 'bob', title: 'Bob', group: 'Vision team' },
  { name: 'carol', title: 'Carol', group: 'Platform admins' },
];
