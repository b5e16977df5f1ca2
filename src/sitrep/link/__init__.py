"""Link: mentions from many documents in, one record per incident and stories out.

    copies    - exact and near copies, rewrites of one wire story
    stories   - documents reporting the same event, grouped online
    incidents - mentions merged across documents (blocking by date window and place cell)
Reconciliation of the merged figures is ``sitrep.reconcile``.
"""
