pub mod corpus_check;
