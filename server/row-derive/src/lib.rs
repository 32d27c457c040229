//! `#[derive(FromRow)]`: builds a struct from a result row, each field from the column of its
//! name. A field marked `#[row(try_from = "String")]` (or `"i64"`) is read as that type and
//! converted with `TryFrom`, so a stored value that is not a valid domain value fails the read
//! instead of being guessed; `#[row(flatten)]` reads a nested row struct from the same row.

use proc_macro::TokenStream;
use quote::quote;
use syn::{parse_macro_input, Data, DeriveInput, Fields, LitStr};

enum Read {
    Column,
    TryFrom(Box<syn::Type>),
    Flatten,
}

fn read_of(field: &syn::Field) -> syn::Result<Read> {
    let mut read = Read::Column;
    for attribute in field.attrs.iter().filter(|a| a.path().is_ident("row")) {
        attribute.parse_nested_meta(|meta| {
            if meta.path.is_ident("flatten") {
                read = Read::Flatten;
                Ok(())
            } else if meta.path.is_ident("try_from") {
                let stored: LitStr = meta.value()?.parse()?;
                read = Read::TryFrom(Box::new(stored.parse()?));
                Ok(())
            } else {
                Err(meta.error("expected `flatten` or `try_from = \"Type\"`"))
            }
        })?;
    }
    Ok(read)
}

#[proc_macro_derive(FromRow, attributes(row))]
pub fn derive_from_row(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

fn expand(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(input, "FromRow is for structs"));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new_spanned(input, "FromRow needs named fields"));
    };
    let reads = fields
        .named
        .iter()
        .map(|field| {
            let name = field.ident.as_ref().expect("named field");
            let column = name.to_string();
            let ty = &field.ty;
            Ok(match read_of(field)? {
                Read::Column => quote! { #name: row.get::<#ty>(#column)? },
                Read::TryFrom(stored) => quote! { #name: row.get_try_from::<#stored, #ty>(#column)? },
                Read::Flatten => quote! { #name: <#ty as crate::db::FromRow>::from_row(row)? },
            })
        })
        .collect::<syn::Result<Vec<_>>>()?;
    let name = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(quote! {
        impl #impl_generics crate::db::FromRow for #name #ty_generics #where_clause {
            fn from_row(row: &crate::db::Row<'_>) -> ::std::result::Result<Self, crate::db::Error> {
                ::std::result::Result::Ok(Self { #(#reads),* })
            }
        }
    })
}
