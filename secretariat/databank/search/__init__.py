"""Search over everything the databank catalogues, in Russian, Chinese and English.

- :mod:`.analysis` turns text into index terms (Snowball stems for Russian and English,
  jieba words for Chinese) and a query string into terms and phrases; no Django.
- :mod:`.engine` keeps the tantivy index and answers queries; no Django.
- :mod:`.entries` says what each model puts in the index and who may see it.
- :mod:`.outbox` queues every committed change and applies the queue to the index.
- :mod:`.service` is what pages, the API and the command line call.
"""
