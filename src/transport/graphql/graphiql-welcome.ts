/**
 * What GraphiQL shows in its first tab, instead of its generic welcome ("an in-browser tool for
 * writing GraphQL queries"): chatflow's own walk-through, runnable as it stands on a server
 * without ADMIN_TOKEN. A test validates it against the schema, so it cannot drift from it.
 */
export const GRAPHIQL_DEFAULT_QUERY = `# chatflow: chat with the flow, watch a conversation live, read a customer's history.
#
# Pick an operation with the ▶ button (or Ctrl-Enter) and run it:
#   1. StartConversation starts a session (or resumes the caller's) and shows the greeting.
#      Copy its sessionId, customerId and customerToken.
#   2. SendMessage sends one customer message: paste the sessionId. It returns the stored
#      message, then the bot's replies.
#   3. Conversation, in a second tab, shows every message of the session as it is stored,
#      from any client (subscriptions run over graphql-ws on this same path).
#   4. History reads a customer's messages, newest page first: paste the customerId; to read
#      older pages, pass the answer's nextCursor as \`before\` (null: no older messages).
#
# Authorization: while the server has an ADMIN_TOKEN, add the header
#   {"Authorization": "Bearer <token>"}
# in Headers below. ADMIN_TOKEN reaches everything; a customerToken only its customer's data.
# The schema is in the Docs pane; the whole contract is docs/PROTOCOL.md in the repository.

mutation StartConversation {
  startConversation(name: "Ada") {
    sessionId
    customerId
    customerToken
    waitingAt
    messages {
      sender
      text
    }
  }
}

mutation SendMessage {
  sendMessage(sessionId: "paste the sessionId", text: "Will it rain tomorrow?") {
    sender
    text
    blockId
  }
}

subscription Conversation {
  conversation(sessionId: "paste the sessionId") {
    sender
    text
    createdAt
  }
}

query History {
  messages(customerId: "paste the customerId", limit: 20, before: null) {
    items {
      sender
      text
      createdAt
    }
    nextCursor
  }
}
`;
