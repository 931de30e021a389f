// The .nn language (contract: ../shared/LANGUAGE.md, project copy: docs/LANGUAGE.md).
// Action-free: ANTLR's visitor builds the AST in dev.nnc.syntax.AstBuilder and nothing else
// sees a *Context. Function names are not keywords: `exp(x)` is a call resolved by lowering.
// Newlines inside (), [] are dropped by dev.nnc.syntax.NewlineFilter before the parser.
grammar Nnc;

@header { package dev.nnc.syntax; }

program
    : sep* (statement (sep+ statement)*)? sep* EOF
    ;

sep : NEWLINE | ';' ;

statement
    : 'dim' name=ident '=' value=expr                                          # DimStmt
    | kind=('param' | 'input' | 'const') name=ident shape? ('=' init=expr)?   # TensorStmt
    | 'fn' name=ident '(' (params+=ident (',' params+=ident)*)? ')' '=' body=expr  # FnStmt
    | 'data' split=ident '=' source=expr                                       # DataStmt
    | 'report' name=ident '=' value=expr                                       # ReportStmt
    | dir=('minimize' | 'maximize') objective=ident 'by' optimizer=expr
          ('for' count=expr unit=ident)? ('batch' batch=expr)?                 # TrainStmt
    | name=ident '=' value=expr                                                # DefStmt
    ;

shape : '[' (dims+=expr (',' dims+=expr)*)? ']' ;

// Alternatives bind tighter the earlier they stand.
expr
    : target=expr '.' attr=ident                                               # AttrExpr
    | target=expr '[' items+=index (',' items+=index)* ']'                     # IndexExpr
    | fn=ident '(' (args+=arg (',' args+=arg)*)? ')'                           # CallExpr
    | <assoc=right> lhs=expr op='^' rhs=expr                                   # PowExpr
    | op=('-' | '+') operand=expr                                              # UnaryExpr
    | lhs=expr op=('*' | '/' | '·' | '@') rhs=expr                             # MulExpr
    | lhs=expr op=('+' | '-') rhs=expr                                         # AddExpr
    | lhs=expr op=('<' | '<=' | '>' | '>=' | '==' | '!=') rhs=expr             # CmpExpr
    | '(' inner=expr ')'                                                       # ParenExpr
    | '[' (items+=expr (',' items+=expr)*)? ','? ']'                           # ListExpr
    | NUMBER                                                                   # NumberExpr
    | STRING                                                                   # StringExpr
    | ident                                                                    # NameExpr
    ;

index
    : start=expr? colon=':' stop=expr? (':' step=expr?)?                       # SliceIndex
    | at=expr                                                                  # AtIndex
    ;

arg : (name=ident '=')? value=expr ;

// Statement words are soft keywords: they stay usable as ordinary names.
ident
    : ID | 'dim' | 'param' | 'input' | 'const' | 'fn' | 'data' | 'report'
    | 'minimize' | 'maximize' | 'by' | 'for' | 'batch'
    ;

NUMBER  : DIGIT+ ('.' DIGIT*)? EXPONENT? | '.' DIGIT+ EXPONENT? ;
// Malformed forms get tokens of their own so the parser can name the mistake.
BAD_NUMBER : (DIGIT+ ('.' DIGIT*)? | '.' DIGIT+) [eE] [+-]? ;
STRING  : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* ;
ID      : [\p{L}_] [\p{L}\p{Mn}\p{Mc}\p{Nd}_]* ;
NEWLINE : '\r'? '\n' | '\r' ;
COMMENT : '#' ~[\r\n]* -> skip ;
WS      : [ \t\f\u00A0\uFEFF]+ -> skip ;
// Anything else becomes a token the parser rejects with a position, never a lexer crash.
UNKNOWN : . ;

fragment DIGIT    : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
